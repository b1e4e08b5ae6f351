package io.gilguard.apps.jnimon;

/** Native methods that use JNI monitors; the rules name them all (a downcall rule). */
final class NativeLib {
    static {
        System.loadLibrary("jnimon");
    }

    private NativeLib() {
    }

    /** JNI MonitorEnter(monitor), and returns still holding it. */
    static native void enterOnly(Object monitor);

    /** JNI MonitorEnter(monitor), then MonitorExit(monitor). */
    static native void enterExit(Object monitor);

    /** JNI MonitorEnter(monitor), then throws IllegalStateException still holding it. */
    static native void enterThenThrow(Object monitor);

    /** JNI MonitorEnter(monitor), MonitorExit(monitor), then throws IllegalStateException. */
    static native void enterExitThenThrow(Object monitor);

    /** JNI MonitorExit(monitor) without a MonitorEnter: throws IllegalMonitorStateException if not held. */
    static native void exitOnly(Object monitor);

    /**
     * JNI MonitorExit(held), the caller's monitor, then MonitorEnter(other), and returns holding
     * other: as many JNI monitors held as before the call, but not the same.
     */
    static native void swap(Object held, Object other);

    /** As swap, then MonitorExit(other) and MonitorEnter(held): returns holding what the caller held. */
    static native void swapBack(Object held, Object other);
}
