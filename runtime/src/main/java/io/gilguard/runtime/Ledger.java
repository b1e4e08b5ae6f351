package io.gilguard.runtime;

/**
 * One thread's record of the tracked locks it holds: reentry count and acquisition site per lock,
 * and a small stack of what the boundary policies did on the way in, to undo on the way out.
 * Only its own thread writes it, except on the violation path (a foreign release of a pair lock).
 */
public final class Ledger {
    private static final ThreadLocal<Ledger> CURRENT = new ThreadLocal<>() { // not withInitial(Ledger::new) (NoLambdaTest in test-apps)
        @Override
        protected Ledger initialValue() {
            return new Ledger();
        }
    };

    final int[] counts = new int[Locks.count()];
    final int[] sites = new int[Locks.count()];
    /** Per lock, the value of {@link #seq} when the thread took it outermost. */
    final int[] acquiredSeq = new int[Locks.count()];
    /**
     * Per lock, the value of {@link #seq} at its latest acquisition, outermost or reentry, and
     * its count before its first reentry since {@link #boundarySeq}: a boundary that returns with
     * a lock held more times than at its entry, though taken outermost before it, is named
     * by these, not every lock the thread held before the boundary.
     */
    final int[] reenteredSeq = new int[Locks.count()];
    final int[] reentryBase = new int[Locks.count()];
    /**
     * {@link #seq} when the innermost boundary open was entered. Not put back when a boundary
     * exits: then it is later than the enclosing boundary's entry, and a base taken since is at
     * least the count at that entry, so a kept reentry may go unnamed but none is named wrongly.
     */
    int boundarySeq;
    /** Sum of counts: a boundary compares it on exit with its value on entry. */
    int held;
    int seq;
    long[] stack = new long[16];
    int top;
    /**
     * {@code Boundaries.AFTER_UPCALL} while the innermost boundary open on this thread is an
     * upcall (an upcall entered now continues its crossing, see {@link Boundaries}), else 0. Each
     * boundary's ENTRY word keeps the value it found, to put back at its exit.
     */
    long crossing;
    /** The site of a call of a pair lock's method, between the call site and the method's advice. */
    int callSite;
    /** True while the agent's own slow path runs on this thread, so it never re-enters itself. */
    boolean busy;
    /**
     * The address of this thread's JNI monitor record as the native hooks keep it
     * ({@link JniMonitors}): the count of JNI monitors entered and not exited, a sequence number
     * that changes at each enter and full exit, and more; 0 when the hooks are off or on a
     * virtual thread (the record belongs to the carrier).
     */
    final long jniRecord;
    /** The family members this thread holds; null until its first. Their family's count is their sum. */
    MemberHolds members;
    /** When each hold began and what native code ran during it ({@link Holds}). */
    final Holds holds;
    /** The tokens this thread saved and has not restored; null until its first save. */
    TokenLedger tokens;
    /** An enforced boundary's refusal, from its policy check to the advice that throws it. */
    GilguardError refusal;
    /** The lock-order edges this thread gave the graph, per ordered pair of locks ({@link OrderEdges}); null until its first. */
    long[] knownEdges;
    /** The site of the boundary whose acquire policy is taking a lock now (the ledger keeps 0 there), for its lock-order edge. */
    int acquiringAt;
    /** True while a {@code tryLock}'s acquisition is counted: it gives up rather than wait, so it is no lock-order edge. */
    boolean tried;
    /** Learn mode's record of this thread; null unless learning. */
    LearnThread learn;
    /** Its thread's id: tells a thread made before the attach ({@link OlderHolds}). */
    final long threadId;
    /**
     * Its thread's name when it ended (set by the thread-end hook): a report of another thread
     * names this one as the owner even once its {@code Thread} is collected. Null while it runs.
     */
    volatile String endedAs;

    private Ledger() {
        Thread thread = Thread.currentThread();
        threadId = thread.getId();
        jniRecord = JniMonitors.record(thread);
        holds = new Holds(Locks.count(), thread);
        Ledgers.register(thread, this);
    }

    public static Ledger current() {
        return CURRENT.get();
    }

    public int count(int lock) {
        return counts[lock];
    }

    /** Where the thread took the lock (outermost); 0 if not held or unknown. Read by the live report. */
    public int site(int lock) {
        return sites[lock];
    }

    /**
     * Forgets everything held: a new attach starts from nothing (holds of the last one were not
     * followed in between). Called from another thread, off the hot path.
     */
    void reset() {
        java.util.Arrays.fill(counts, 0);
        java.util.Arrays.fill(sites, 0);
        java.util.Arrays.fill(acquiredSeq, 0);
        java.util.Arrays.fill(reenteredSeq, 0);
        held = 0;
        top = 0;
        if (members != null) {
            members.clear();
        }
        crossing = 0;
        callSite = 0;
        knownEdges = null;
        holds.reset();
    }

    /**
     * {@code site} 0 marks a hold the agent took for a policy: the application's first own
     * acquisition inside it then names the site, so that a lock kept past the boundary is
     * reported where the application took it.
     */
    void acquire(int lock, int site) {
        held++;
        if (counts[lock]++ == 0) {
            sites[lock] = site;
            acquiredSeq[lock] = ++seq;
            reenteredSeq[lock] = seq;
            holds.began(this, lock);
            holding(lock);
            // inside an upcall, JNI monitors its native caller holds are an order too
            if (held > 1 || crossing != 0 && JniOrder.anyHeld(this)) {
                OrderEdges.taken(this, lock, site != 0 ? site : acquiringAt);
            }
        } else {
            reentered(lock);
            if (sites[lock] == 0) {
                sites[lock] = site;
            }
        }
    }

    private void reentered(int lock) {
        if (reenteredSeq[lock] - boundarySeq <= 0) {
            reentryBase[lock] = counts[lock] - 1;
        }
        reenteredSeq[lock] = ++seq;
    }

    /** A member of family {@code family} was taken: it counts for itself and for its family. */
    void acquireMember(int family, Object member, int site) {
        MemberHolds m = members;
        if (m == null) {
            m = members = new MemberHolds();
        }
        held++;
        int i = m.find(member);
        if (i >= 0) {
            if (m.reentered[i] - boundarySeq <= 0) {
                m.reentryBase[i] = m.counts[i];
            }
            m.counts[i]++;
            m.reentered[i] = ++seq;
        } else {
            m.add(member, family, site, ++seq);
        }
        if (counts[family]++ == 0) {
            sites[family] = site;
            acquiredSeq[family] = seq;
            if (held > 1 || crossing != 0 && JniOrder.anyHeld(this)) {
                OrderEdges.taken(this, family, site);
            }
            holds.began(this, family);
        }
    }

    /** Returns false, changing nothing, when this thread does not hold the member. */
    boolean releaseMember(int family, Object member) {
        MemberHolds m = members;
        int i = m == null ? -1 : m.find(member);
        if (i < 0) {
            return false;
        }
        held--;
        if (--counts[family] == 0) {
            holds.ended(this, family);
        }
        if (--m.counts[i] == 0) {
            m.remove(i);
        }
        return true;
    }

    /** Whether this thread holds the member; read by other threads on the violation path only. */
    boolean holdsMember(Object member) {
        MemberHolds m = members;
        return m != null && m.find(member) >= 0;
    }

    /** Where this thread took the member (outermost); 0 if it does not hold it. */
    int memberSite(Object member) {
        MemberHolds m = members;
        int i = m == null ? -1 : m.find(member);
        return i < 0 ? 0 : m.sites[i];
    }

    /** Returns false, changing nothing, when this thread does not hold the lock. */
    boolean release(int lock) {
        if (counts[lock] == 0) {
            return false;
        }
        held--;
        if (--counts[lock] == 0) {
            holds.ended(this, lock);
        }
        return true;
    }

    /** Lets go of every reentry (await, a release policy); returns the count to give back. */
    int suspend(int lock) {
        int n = counts[lock];
        if (n > 0) {
            held -= n;
            counts[lock] = 0;
            holds.ended(this, lock);
        }
        return n;
    }

    /** Gives back what {@link #suspend} took; holds taken meanwhile (and kept) stay counted. */
    void resume(int lock, int n) {
        if (n > 0) {
            boolean outermost = counts[lock] == 0;
            held += n;
            if (outermost) {
                holds.began(this, lock);
            }
            counts[lock] += n;
            holding(lock);
            // taken back while holding others: as much an acquisition in that order as the first
            if (outermost && (held > n || crossing != 0 && JniOrder.anyHeld(this))) {
                OrderEdges.taken(this, lock, sites[lock]);
            }
        }
    }

    /**
     * Names this ledger as the lock's last holder. The slot is written only when it changes and
     * never cleared (readers check the holder's count): a reference store into a long-lived array
     * costs a GC write barrier, several nanoseconds, on every acquisition otherwise.
     */
    private void holding(int lock) {
        Ledger[] holders = Locks.holders;
        if (holders[lock] != this) {
            holders[lock] = this;
        }
    }

    void push(long value) {
        if (top == stack.length) {
            stack = java.util.Arrays.copyOf(stack, top * 2);
        }
        stack[top++] = value;
    }

    long pop() {
        return stack[--top];
    }
}
