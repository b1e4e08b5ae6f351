package io.gilguard.apps.leak;

final class NativeLib {
    static {
        System.loadLibrary("leak");
    }

    private NativeLib() {
    }

    /** Calls listener.onEvent() once on a native thread, native-cb-0, and waits for it. */
    static native void fire(Listener listener);
}
