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
    private final String origin;
    private final int priorSite;
    private final long firstSeenMillis;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    Violation(Kind kind, int lock, String label, String thread, String owner, int site, int acquiredAt,
              int holdCount, String note) {
        this(kind, lock, label, thread, owner, site, acquiredAt, holdCount, note, null, 0);
    }

    /**
     * {@code origin}, for thread state: how its owner came to own it ({@code created},
     * {@code bound} or {@code saved}, at {@code acquiredAt}); {@code priorSite}: the first
     * restore of a token restored twice.
     */
    Violation(Kind kind, int lock, String label, String thread, String owner, int site, int acquiredAt,
              int holdCount, String note, String origin, int priorSite) {
        this.kind = kind;
        this.lock = lock;
        this.label = label;
        this.thread = thread;
        this.owner = owner;
        this.site = site;
        this.acquiredAt = acquiredAt;
        this.holdCount = holdCount;
        this.note = note;
        this.origin = origin;
        this.priorSite = priorSite;
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

    /**
     * The site where the lock concerned was taken, or where the state was created, bound or saved
     * (see {@link #origin}); 0 if none applies or it is not known.
     */
    public int acquiredAt() {
        return acquiredAt;
    }

    /**
     * For thread state, how the owner came to own it: {@code created}, {@code bound} or
     * {@code saved} (at {@link #acquiredAt}); null for a lock.
     */
    public String origin() {
        return origin;
    }

    /** About thread state (an owned object, a token) rather than a lock: its label names the state. */
    public boolean isState() {
        return kind.isState() || origin != null;
    }

    /** For a token restored twice: where it was restored first; 0 otherwise. */
    public int priorSite() {
        return priorSite;
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
