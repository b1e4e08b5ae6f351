package io.gilguard.apps.older;

/** A save/restore pair, like PyEval_SaveThread/PyEval_RestoreThread: the token must come back once, on its saver's thread. */
public final class Saver {
    private Saver() {
    }

    public static Object save() {
        return new Object();
    }

    public static void restore(Object token) {
        // the native side would swap the thread state back in
    }
}
