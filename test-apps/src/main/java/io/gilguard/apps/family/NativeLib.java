package io.gilguard.apps.family;

final class NativeLib {
    static {
        System.loadLibrary("family");
    }

    private NativeLib() {
    }

    /** Calls handler.onBusy() from native code, on this thread. */
    static native void busy(BusyHandler handler);

    /** Starts native threads native-cb-0.. that each call callback.onEvent() `calls` times; returns when they are done. */
    static native void run(Callback callback, int threads, int calls);

    /** JNI MonitorEnter on obj, and returns holding it. */
    static native void enterOnly(Object obj);

    /** JNI MonitorEnter and MonitorExit on obj. */
    static native void enterExit(Object obj);
}
