package io.gilguard.rules;

/** What must be true of a lock at a boundary. */
public enum Policy {
    /** The lock is held on entry. */
    REQUIRE,
    /** The lock is not held on entry. */
    FORBID,
    /** The agent takes the lock around the call when the thread does not hold it (PyGILState_Ensure). */
    ACQUIRE,
    /** The agent lets every reentry of the lock go around the call, and takes them back after (Py_BEGIN_ALLOW_THREADS). */
    RELEASE,
    /** Measure only. */
    AUDIT;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
