package io.gilguard.apps.interp;

/**
 * An embedded interpreter that belongs to the thread that created it (like a Tcl interpreter):
 * used from any other thread, the native side silently does nothing.
 */
public final class Interpreter {
    static {
        System.loadLibrary("interp");
    }

    private final long handle;

    public Interpreter() {
        handle = nativeCreate();
    }

    /** Evaluates a script; returns how many evaluations ran so far, -1 if this one did not. */
    public long eval(String script) {
        return nativeEval(handle);
    }

    /** How many evaluations ran (readable from any thread: the rule does not name it). */
    public long evaluations() {
        return nativeEvals(handle);
    }

    private static native long nativeCreate();

    private static native long nativeEval(long handle);

    private static native long nativeEvals(long handle);
}
