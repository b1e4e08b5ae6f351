package io.gilguard.runtime;

/** The stable identifiers of what gilguard reports, used by every sink and in the docs. */
public enum Kind {
    UNPAIRED_RELEASE,
    FOREIGN_RELEASE,
    LEAKED_AT_RETURN,
    HELD_AT_THREAD_EXIT,
    /** A native thread ended (pthread exit) while still attached to the JVM: it never called DetachCurrentThread. */
    EXITED_ATTACHED,
    REQUIRED_NOT_HELD,
    FORBIDDEN_HELD,
    FOREIGN_STATE,
    STATE_RESTORED_TWICE,
    /** A new lock-order edge closed a cycle: a potential deadlock, found whether or not a thread blocked on it. */
    LOCK_ORDER_INVERSION,
    LONG_HOLD_ACROSS_NATIVE(true),
    /** A thread waited longWait or more for a tracked lock its holder held inside native code. */
    CONTENDED(true),
    /** A release boundary whose median call is shorter than letting go of the lock and taking it back. */
    RELEASE_NOT_WORTH_IT(true);

    private final boolean finding;

    Kind() {
        this(false);
    }

    Kind(boolean finding) {
        this.finding = finding;
    }

    /** A kind about thread state (an owned object, a token, a JNIEnv) rather than a lock. */
    public boolean isState() {
        return this == FOREIGN_STATE || this == STATE_RESTORED_TWICE;
    }

    /** A finding is advice (a cost worth knowing), not a broken rule; it never fails a build. */
    public boolean isFinding() {
        return finding;
    }
}
