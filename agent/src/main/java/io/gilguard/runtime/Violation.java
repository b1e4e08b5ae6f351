package io.gilguard.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One distinct report: a kind, a lock and the sites involved. Seen again, it only counts.
 */
public final class Violation {
    private final Kind kind;
    private final int lock;
    private final String thread;
    private final int site;
    private final int acquiredAt;
    private final long firstSeenMillis;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    Violation(Kind kind, int lock, String thread, int site, int acquiredAt) {
        this.kind = kind;
        this.lock = lock;
        this.thread = thread;
        this.site = site;
        this.acquiredAt = acquiredAt;
        this.firstSeenMillis = System.currentTimeMillis();
    }

    public Kind kind() {
        return kind;
    }

    /** The lock's name from the rules. */
    public String lock() {
        return lock < 0 ? null : Locks.name(lock);
    }

    /** The thread that first broke the rule. */
    public String thread() {
        return thread;
    }

    public int site() {
        return site;
    }

    /** The site where the lock concerned was taken, 0 if none applies. */
    public int acquiredAt() {
        return acquiredAt;
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
