package io.gilguard.bench;

/** The downcall: {@code downcall io.gilguard.bench.NativeLib#noop forbid gil}. */
public final class NativeLib {
    static {
        System.loadLibrary("gilbench");
    }

    private NativeLib() {}

    /** Does nothing (src/main/c/gilbench.c). */
    public static native void noop();

    /** Does nothing either; called holding {@code Guarded.HELD} (HeldDowncallBench). */
    public static native void noopHeld();

    /** JNI MonitorEnter then MonitorExit on {@code lock}; no rule names it, so it is not wrapped. */
    public static native void monitorPair(Object lock);

    /** The same pair, called holding {@code Guarded.HELD}; a rule watches it (JniOrderBench). */
    public static native void monitorPairHeld(Object lock);

    /** JNI MonitorEnter on {@code lock}, {@code Callbacks.callback(delta)} through JNI, MonitorExit (JniOrderBench). */
    public static native int callbackUnderMonitor(Object lock, int delta);
}
