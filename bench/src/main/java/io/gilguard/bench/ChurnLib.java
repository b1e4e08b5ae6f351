package io.gilguard.bench;

/** A native thread per call that attaches, calls back and detaches (src/main/c/churn.c). */
final class ChurnLib {
    static {
        System.loadLibrary("churn");
    }

    private ChurnLib() {}

    /** Starts a native thread that attaches to the JVM, calls {@code target.run()}, detaches; returns when it has ended. */
    static native void callOnNewThread(Object target); // any object with a public void run()
}
