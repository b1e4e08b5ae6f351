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
    private final String member;
    private final String thread;
    private final String owner;
    private final int site;
    private final int acquiredAt;
    private final int holdCount;
    private final String note;
    private final String symbol;
    private final String origin;
    private final int priorSite;
    private final long firstSeenMillis;
    private final StackTraceElement[] stack;
    private final OrderEdge[] cycle;
    private final HoldSummary hold;
    private volatile String suppressedBy;
    private volatile String test;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    /** A report of {@code kind}, its other fields named one by one (see {@link Builder}). */
    static Builder of(Kind kind) {
        return new Builder(kind);
    }

    private Violation(Builder b) {
        this.kind = b.kind;
        this.lock = b.lock;
        this.label = b.label;
        this.member = b.member;
        this.thread = b.thread != null ? b.thread : Thread.currentThread().getName();
        this.owner = b.owner;
        this.site = b.site;
        this.acquiredAt = b.acquiredAt;
        this.holdCount = b.holdCount;
        this.note = b.note;
        this.symbol = b.symbol;
        this.origin = b.origin;
        this.priorSite = b.priorSite;
        this.cycle = b.cycle == null ? new OrderEdge[0] : b.cycle.clone();
        this.hold = b.hold;
        this.firstSeenMillis = System.currentTimeMillis();
        // the stack of the thread that broke the rule; a report made for another thread (a
        // native hook's) has none to give
        this.stack = b.thread == null || b.thread.equals(Thread.currentThread().getName()) ? Stacks.here() : new StackTraceElement[0];
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

    /**
     * For a lock family ({@code monitor}, {@code field}), the member object concerned, as
     * {@code CLASS@HASH}: the first one seen, when several broke the rule at the same sites.
     */
    public String member() {
        return member;
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

    /** For a long hold, the first hold seen: its length, native calls and methods; null otherwise. */
    public HoldSummary hold() {
        return hold;
    }

    /** For a token restored twice: where it was restored first; 0 otherwise. */
    public int priorSite() {
        return priorSite;
    }

    /**
     * For a lock-order inversion, the cycle's edges in order, the last the one that closed it
     * (taken by {@link #thread} at {@link #site}, of {@link #lock}); empty otherwise.
     */
    public java.util.List<OrderEdge> cycle() {
        return java.util.List.of(cycle);
    }

    /** For a lock still held: how many times (reentries included); 0 if not counted. */
    public int holdCount() {
        return holdCount;
    }

    /** What the sites cannot say (the JNI function concerned, what gilguard did); null if nothing. */
    public String note() {
        return note;
    }

    /** The C function called, when a {@code native:} rule named the boundary by its symbol; null otherwise. */
    public String symbol() {
        return symbol;
    }

    /**
     * The first occurrence's stack ({@code stacks=N} frames, innermost first, gilguard's own left
     * out); empty when none was taken (a thread's end, a report about another thread, {@code stacks=0}).
     */
    public StackTraceElement[] stack() {
        return stack.clone();
    }

    /** The reason of the suppression that matched it, when first seen; null if none did. */
    public String suppressedBy() {
        return suppressedBy;
    }

    void suppress(String reason) {
        suppressedBy = reason;
    }

    /**
     * The test that failed for it (a test framework's sink says so), the first if several did;
     * null if none. Such a violation has made the build fail already, by name: {@code failOn}
     * leaves it to the test run.
     */
    public String test() {
        return test;
    }

    public void failedTest(String name) {
        if (test == null) {
            test = name;
        }
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
        long max = maxNanos.get(); // not accumulateAndGet(nanos, Math::max) (NoLambdaTest in test-apps)
        while (nanos > max && !maxNanos.compareAndSet(max, nanos)) {
            max = maxNanos.get();
        }
    }

    /**
     * A report being made, on the violation path: each field by name, what is left out keeps its
     * "none" (lock -1, null, 0), so that no caller lines up a long list of arguments by position.
     * The getters of {@link Violation} say what each field means.
     */
    static final class Builder implements Occurrence {
        final Kind kind;
        int lock = -1;
        String label;
        String member;
        String thread;
        String owner;
        int site;
        int acquiredAt;
        int holdCount;
        String note;
        String symbol;
        String origin;
        int priorSite;
        long nanos;
        OrderEdge[] cycle;
        HoldSummary hold;

        private Builder(Kind kind) {
            this.kind = kind;
        }

        /** A lock the rules name, by number. */
        Builder lock(int lock) {
            this.lock = lock;
            return this;
        }

        /** What names the lock or state when the rules do not ({@code lock} left at -1). */
        Builder label(String label) {
            this.label = label;
            return this;
        }

        /** The family member concerned (see {@link Violation#member}); not part of the key. */
        Builder member(Object member) {
            this.member = member == null ? null : Families.label(member);
            return this;
        }

        /** Left out: the current thread's name. */
        Builder thread(String thread) {
            this.thread = thread;
            return this;
        }

        Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        Builder site(int site) {
            this.site = site;
            return this;
        }

        Builder acquiredAt(int acquiredAt) {
            this.acquiredAt = acquiredAt;
            return this;
        }

        Builder holdCount(int holdCount) {
            this.holdCount = holdCount;
            return this;
        }

        Builder note(String note) {
            this.note = note;
            return this;
        }

        /** The C function of a boundary a {@code native:} rule names (null: none). */
        Builder symbol(String symbol) {
            this.symbol = symbol;
            return this;
        }

        Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        Builder priorSite(int priorSite) {
            this.priorSite = priorSite;
            return this;
        }

        /** A lock-order cycle's edges, the closing one last; each cycle is its own report. */
        Builder cycle(OrderEdge[] edges) {
            this.cycle = edges;
            return this;
        }

        /** For a finding about time: how long this occurrence took. */
        Builder nanos(long nanos) {
            this.nanos = nanos;
            return this;
        }

        /** For a long hold: what the hold was (not part of the key). */
        Builder hold(HoldSummary hold) {
            this.hold = hold;
            return this;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public String lock() {
            return lock >= 0 ? Locks.name(lock) : label;
        }

        @Override
        public boolean isState() {
            return kind.isState() || origin != null;
        }

        @Override
        public String member() {
            return member;
        }

        @Override
        public String thread() {
            return thread != null ? thread : Thread.currentThread().getName();
        }

        @Override
        public String owner() {
            return owner;
        }

        @Override
        public int site() {
            return site;
        }

        @Override
        public int acquiredAt() {
            return acquiredAt;
        }

        @Override
        public String origin() {
            return origin;
        }

        @Override
        public int holdCount() {
            return holdCount;
        }

        @Override
        public String note() {
            return note;
        }

        @Override
        public String symbol() {
            return symbol;
        }

        @Override
        public long nanos() {
            return nanos;
        }

        @Override
        public HoldSummary hold() {
            return hold;
        }

        /** What tells this report from the others; the rest (threads, counts, origin) is what the first one saw. */
        ViolationKey key() {
            String extra = symbol == null ? note : note + "|" + symbol;
            if (cycle != null) {
                StringBuilder b = new StringBuilder(String.valueOf(extra));
                for (OrderEdge e : cycle) {
                    b.append('|').append(e.fromLock()).append('>').append(e.toLock()).append('@').append(e.heldAt()).append(',').append(e.site());
                }
                extra = b.toString();
            }
            return new ViolationKey(kind, lock, label, site, acquiredAt, priorSite, extra);
        }

        Violation build() {
            return new Violation(this);
        }
    }
}
