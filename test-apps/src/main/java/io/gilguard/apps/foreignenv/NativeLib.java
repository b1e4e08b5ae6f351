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
     * with the env kept by init (or, if ownEnv, with its own), detach; waits for it. Returns
     * whether env-user held the monitor between the two (Thread.holdsLock, asked with its own env).
     */
    static native boolean work(Object monitor, boolean ownEnv);

    /**
     * On the calling thread: JNI MonitorEnter(monitor) and MonitorExit(monitor) with the env kept
     * by init (or, if ownEnv, with the one it was called with). Returns whether the calling
     * thread held the monitor between the two.
     */
    static native boolean enterExitHere(Object monitor, boolean ownEnv);
}
