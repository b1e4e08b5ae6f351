package io.gilguard.apps.older;

/**
 * A lock made of a method pair, like an embedded interpreter's enter/exit: it keeps a depth and
 * nothing else, and lets any thread exit, as PyGILState_Release would.
 */
public final class Interp {
    private static int depth;

    private Interp() {
    }

    public static synchronized int enter() {
        return ++depth;
    }

    public static synchronized int exit() {
        return --depth;
    }
}
