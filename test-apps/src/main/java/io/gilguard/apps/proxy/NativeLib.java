package io.gilguard.apps.proxy;

final class NativeLib {
    static {
        System.loadLibrary("proxy");
    }

    private NativeLib() {
    }

    /** Starts native threads native-cb-0.. that each call listener.onEvent() `calls` times; returns when they are done. */
    static native void run(Listener listener, int threads, int calls);
}
