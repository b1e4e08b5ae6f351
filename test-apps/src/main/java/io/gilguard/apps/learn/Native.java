package io.gilguard.apps.learn;

/** The C of src/main/c/learn.c: each method a boundary of its own shape for learn mode. */
final class Native {
    static {
        System.loadLibrary("learn");
    }

    private Native() {
    }

    /** Called holding the GIL. */
    static native long held(int millis);

    /** A long call made holding nothing. */
    static native long slow(int millis);

    /** Called from a synchronized method of Store. */
    static native long flush(int millis);

    /** Called holding Store's field lock. */
    static native long put(int millis);

    /** Called after synchronized blocks that left early and by an exception: nothing held. */
    static native long after(int millis);

    static native long open();

    static native void callBack(Visitor visitor);

    static native void fromThread(Listener listener, int calls);
}
