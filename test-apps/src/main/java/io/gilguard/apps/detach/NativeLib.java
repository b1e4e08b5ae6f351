package io.gilguard.apps.detach;

final class NativeLib {
    static {
        System.loadLibrary("detach");
    }

    private NativeLib() {
    }

    /** On a native thread, native-cb: attach, listener.onEvent(), detach; waits for it. */
    static native void fire(Listener listener);

    /**
     * On a native thread, jna-cb, for each call: attach, listener.onCall(call, calls), detach
     * (JNA's way with a thread it did not attach); waits for it.
     */
    static native void firePerCall(Listener listener, int calls);
}
