package io.gilguard.apps.restore;

/**
 * A miniature of CPython's GIL API (see src/main/c/restore.c): {@link #saveThread} and
 * {@link #restoreThread} are PyEval_SaveThread / PyEval_RestoreThread, {@link #ensure} and
 * {@link #release} PyGILState_Ensure / PyGILState_Release.
 */
public final class Py {
    static {
        System.loadLibrary("restore");
    }

    private Py() {
    }

    /** Takes the GIL with this thread's own thread state; returns 1 if it was already current. */
    public static native int ensure();

    /** Gives the GIL back if the matching {@link #ensure} took it (it returned 0). */
    public static native void release(int gstate);

    /** Lets the GIL go; returns the thread state that held it, to restore later. */
    public static native long saveThread();

    /** Takes the GIL and makes {@code state} the current thread state. */
    public static native void restoreThread(long state);

    /** How many threads wait for the GIL. */
    static native int waiters();

    /** The number of the current thread state (0: none). */
    static native int currentId();

    /** The number of the calling thread's own thread state (0: none yet). */
    static native int ownId();
}
