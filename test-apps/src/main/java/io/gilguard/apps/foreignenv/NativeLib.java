package io.gilguard.apps.foreignenv;

final class NativeLib {
    static {
        System.loadLibrary("foreignenv");
    }

    private NativeLib() {
    }

    /** Initialises the library; it keeps the calling thread's JNIEnv (the bug). */
    static native void init();

    /**
     * On a native thread, env-user: attach, JNI MonitorEnter(monitor) and MonitorExit(monitor)
     * with the env kept by init (or, if ownEnv, with its own), detach; waits for it.
     */
    static native void work(Object monitor, boolean ownEnv);
}
