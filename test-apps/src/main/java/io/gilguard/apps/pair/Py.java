package io.gilguard.apps.pair;

/**
 * A lock made of a method pair, like CPython's PyGILState_Ensure / PyGILState_Release:
 * the native side keeps a recursion depth and nothing else.
 */
public final class Py {
    static {
        System.loadLibrary("pair");
    }

    private Py() {
    }

    /** Takes the lock (reentrantly); returns the native depth after it. */
    public static int ensure() {
        return nativeEnsure();
    }

    /** Gives the lock back; returns the native depth after it, or -1 if nothing was held. */
    public static int release() {
        return nativeRelease();
    }

    private static native int nativeEnsure();

    private static native int nativeRelease();
}
