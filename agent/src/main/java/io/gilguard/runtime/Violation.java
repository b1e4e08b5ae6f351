package io.gilguard.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One distinct report: a kind, a lock (or state) and the sites involved. Seen again, it only
 * counts.
 */
public final class Violation {
    private final Kind kind;
    private final int lock;
    private final String label;
    private final String thread;
    private final String owner;
    private final int site;
    private final int acquiredAt;
    private final int holdCount;
    private final String note;
    private final long firstSeenMillis;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    Violation(Kind kind, int lock, String label, String thread, String owner, int site, int acquiredAt,
              int holdCount, String note) {
        this.kind = kind;
        this.lock = lock;
        this.label = label;
        this.thread = thread;
        this.owner = owner;
        this.site = site;
        this.acquiredAt = acquiredAt;
        this.holdCount = holdCount;
        this.note = note;
        this.firstSeenMillis = System.currentTimeMillis();
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The lock's name from the rules; for a lock the rules do not name, a label
     * ({@code jni:CLASS} for a JNI monitor, {@code JNIEnv} for the JVM's per-thread state);
     * null if no lock is concerned.
     */
    public String lock() {
        return lock >= 0 ? Locks.name(lock) : label;
    }

    /** The thread that first broke the rule ({@code (not attached)} for a native thread unknown to the JVM). */
    public String thread() {
        return thread;
    }

    /** The other thread concerned: the owner of the state or the holder of the lock; null if none. */
    public String owner() {
        return owner;
    }

    /** The violating site, 0 if there is none (a thread's end) or no Java frame (a native thread). */
    public int site() {
        return site;
    }

    /** The site where the lock concerned was taken, 0 if none applies or it is not known. */
    public int acquiredAt() {
        return acquiredAt;
    }

    /** For a lock still held: how many times (reentries included); 0 if not counted. */
    public int holdCount() {
        return holdCount;
    }

    /** What the sites cannot say (the JNI function concerned, what gilguard did); null if nothing. */
    public String note() {
        return note;
    }

    public long count() {
        return count.get();
    }

    public long firstSeenMillis() {
        return firstSeenMillis;
    }

    /** For a finding about time: the longest time seen, in nanoseconds. */
    public long maxNanos() {
        return maxNanos.get();
    }

    void seen(long nanos) {
        count.incrementAndGet();
        maxNanos.accumulateAndGet(nanos, Math::max);
    }
}
