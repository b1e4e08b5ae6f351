package io.gilguard.runtime;

import java.lang.ref.WeakReference;

/**
 * One thread's holds of the tracked locks, for what a lock costs at the boundary. A hold runs
 * from the outermost acquisition to the final release. Per lock: when the current hold began
 * ({@link HoldClock}, coarse: no {@code nanoTime} per acquisition), the native calls made during
 * it ({@link HoldCalls}), and the totals of the holds that ended, for the exit table
 * ({@link HoldStats}).
 *
 * <p>Native time is measured at the boundaries only, and only while the thread holds a tracked
 * lock: a downcall boundary entered then opens a native stretch; an upcall boundary entered
 * inside it pauses the stretch (Java code native code called back is not the call's: LMDB's
 * comparator upcalls inside a put), and its exit resumes it; a downcall entered inside another
 * with no upcall between pauses the outer one too. At the downcall's exit, the call's native
 * time goes to every lock held since before the call. A hold whose native time reaches
 * {@code longHold} is a {@code LONG_HOLD_ACROSS_NATIVE} finding at its end ({@link LongHolds}).
 */
final class Holds {
    /** Stack word of a downcall entered holding a lock: {@code NATIVE | inNative << 4 | seq << 32}, the outer sum under it. */
    static final int NATIVE = 6;
    /** Stack word of an upcall entered inside a native stretch, which it paused. */
    static final int PAUSED = 7;

    private static volatile long longHoldNanos = 100_000_000L;

    /** Per lock, {@link HoldClock#now} at the outermost acquisition. */
    private final int[] began;
    /** Per lock, the native calls of the current hold; null until one crosses native code. */
    private final HoldCalls[] current;
    // Per lock, the holds that ended: read by HoldStats from another thread, late and racy by design.
    final long[] holds;
    final long[] heldMillis;
    final long[] maxHeldMillis;
    final long[] nativeNanos;
    final long[] nativeCalls;
    final long[] maxNativeNanos;
    /** Per lock, the longest wait for it that began while its holder was in native code ({@link Waits}). */
    final long[] maxWaitNanos;
    final WeakReference<Thread> thread;

    /** The thread is inside a native call made holding a lock, since {@link #nativeFrom}. */
    private boolean inNative;
    private long nativeFrom;
    /** The native time of the innermost open downcall before {@link #nativeFrom}. */
    private long nativeSum;
    /** The boundary of the native call the thread entered last holding a lock: what a waiter's report names. */
    private Boundary nativeAt;

    // Releases: how many release calls this thread made, and the one being timed (Releases.letGo).
    int releaseCalls;
    boolean releaseTimed;
    long releaseCost;
    long releaseCall;

    // A wait this thread began (Waits.begin) for lock waitLock, until it takes it; waitFrom 0: none.
    private long waitFrom;
    private int waitLock;
    private Ledger waitHolder;
    private int waitHolderSite;
    private Boundary waitHolderIn;
    /** For a monitor: when the JVM handed it over (MonitorWaits), before the ledger heard; 0: not yet. */
    private long waitUntil;
    /** For a monitor family: the member waited for. */
    private Object waitMember;
    /**
     * How long after the JVM handed a monitor over the ledger may hear of its acquisition: the
     * hook right after the {@code monitorenter} (or at the synchronized method's entry), a few
     * microseconds, unless a pause intervenes. Later, the acquisition was one the ledger does
     * not see (JNI {@code MonitorEnter}, code gilguard does not rewrite), and the wait is dropped
     * rather than pinned on the thread's next acquisition of that lock.
     */
    private static final long HAND_OVER_NANOS = 100_000_000L;

    Holds(int locks, Thread thread) {
        began = new int[locks];
        current = new HoldCalls[locks];
        holds = new long[locks];
        heldMillis = new long[locks];
        maxHeldMillis = new long[locks];
        nativeNanos = new long[locks];
        nativeCalls = new long[locks];
        maxNativeNanos = new long[locks];
        maxWaitNanos = new long[locks];
        this.thread = new WeakReference<>(thread);
        HoldStats.register(this);
    }

    /** A hold whose native calls took this long in all is a finding. */
    static void longHold(long nanos) {
        longHoldNanos = nanos;
    }

    static long longHold() {
        return longHoldNanos;
    }

    void began(Ledger ledger, int lock) {
        began[lock] = HoldClock.now();
        if (waitFrom != 0) {
            waitEnded(ledger, lock);
        }
    }

    /**
     * Set by {@link Waits#begin} on this thread, just before its {@code lock()}, or by
     * {@link MonitorWaits} as it blocks entering a monitor ({@code member}: the family's member
     * waited for, or null).
     */
    void waiting(int lock, long from, Ledger holder, int holderSite, Boundary holderIn, Object member) {
        waitLock = lock;
        waitHolder = holder;
        waitHolderSite = holderSite;
        waitHolderIn = holderIn;
        waitMember = member;
        waitUntil = 0;
        waitFrom = from;
    }

    /** The thread took a lock, outermost: the wait for it, if any, ends (its report names this acquisition's site). */
    private void waitEnded(Ledger ledger, int lock) {
        long from = waitFrom;
        long until = waitUntil;
        Ledger holder = waitHolder;
        Object member = waitMember;
        waitFrom = 0;
        waitHolder = null;
        waitMember = null;
        if (lock != waitLock) {
            return;
        }
        long now = System.nanoTime();
        if (until != 0 && now - until > HAND_OVER_NANOS) {
            return;
        }
        Waits.end(ledger, lock, member, (until != 0 ? until : now) - from, holder, waitHolderSite, waitHolderIn);
    }

    /**
     * The JVM says this thread now owns the monitor it waited for ({@link MonitorWaits}): the
     * wait's time ends here. Its report waits for the ledger's acquisition, which follows at
     * once and knows the site ({@link #began}); but a thread that holds another member of the
     * family already makes no new hold, so its wait is reported now, at the frame that blocked.
     */
    void monitorEntered(Ledger ledger, int lock) {
        if (waitFrom == 0 || waitLock != lock || waitUntil != 0) {
            return;
        }
        long now = System.nanoTime();
        if (ledger.counts[lock] == 0) {
            waitUntil = now;
            return;
        }
        long from = waitFrom;
        Ledger holder = waitHolder;
        Object member = waitMember;
        waitFrom = 0;
        waitHolder = null;
        waitMember = null;
        Waits.endMonitor(ledger, lock, member, now - from, holder, waitHolderSite, waitHolderIn);
    }

    void waited(int lock, long nanos) {
        if (nanos > maxWaitNanos[lock]) {
            maxWaitNanos[lock] = nanos;
        }
    }

    /** The native call this thread is in, when {@link #inNative}; read by another thread, racy. */
    Boundary nativeAt() {
        return nativeAt;
    }

    /** The hold of {@code lock} ended (its count is 0 again). */
    void ended(Ledger ledger, int lock) {
        int millis = HoldClock.now() - began[lock];
        HoldCalls c = current[lock];
        if (c != null && c.calls != 0) {
            // The coarse clock's tick may lag a busy machine by a few milliseconds; the hold lasted
            // at least as long as the native calls made during it, which nanoTime timed.
            millis = Math.max(millis, (int) (c.nanos / 1_000_000L));
        }
        holds[lock]++;
        heldMillis[lock] += millis;
        if (millis > maxHeldMillis[lock]) {
            maxHeldMillis[lock] = millis;
        }
        if (c != null && c.calls != 0) {
            crossed(ledger, lock, c, millis);
        }
    }

    /** The end of a hold that crossed native code: its totals, and the finding if it was long. */
    private void crossed(Ledger ledger, int lock, HoldCalls c, int millis) {
        try {
            nativeNanos[lock] += c.nanos;
            nativeCalls[lock] += c.calls;
            if (c.nanos > maxNativeNanos[lock]) {
                maxNativeNanos[lock] = c.nanos;
            }
            if (c.nanos >= longHoldNanos) {
                LongHolds.report(ledger, lock, c, millis);
            }
        } finally {
            c.clear();
        }
    }

    /** A downcall boundary entered while the thread holds a tracked lock (after its policies ran). */
    static void downcallEntered(Ledger ledger, Boundary b) {
        Holds h = ledger.holds;
        if (h.nativeAt != b) {
            h.nativeAt = b; // for a waiter's report; stored only when it changes (a GC barrier otherwise)
        }
        long now = System.nanoTime();
        if (h.inNative) {
            h.nativeSum += now - h.nativeFrom;
        }
        ledger.push(h.nativeSum);
        ledger.push(NATIVE | (h.inNative ? 1L << 4 : 0) | (long) ledger.seq << 32);
        h.nativeSum = 0;
        h.nativeFrom = now;
        h.inNative = true;
    }

    /** Its exit: the call's native time goes to each lock held since before the call. */
    static void downcallExited(Ledger ledger, long word, Boundary b) {
        Holds h = ledger.holds;
        long now = System.nanoTime();
        long nanos = h.nativeSum + (h.inNative ? now - h.nativeFrom : 0);
        h.nativeSum = ledger.pop();
        h.inNative = (word & 1L << 4) != 0;
        h.nativeFrom = now;
        int seq = (int) (word >>> 32);
        int[] counts = ledger.counts;
        for (int lock = 0; lock < counts.length; lock++) {
            if (counts[lock] > 0 && ledger.acquiredSeq[lock] - seq <= 0) {
                h.call(ledger, lock, b, nanos);
            }
        }
    }

    /** Whether the thread is in a native stretch an upcall entered now pauses ({@link #pause}); also asked of another thread's ledger, racy. */
    static boolean inNative(Ledger ledger) {
        return ledger.holds.inNative;
    }

    /** An upcall boundary entered inside a native stretch: its time is Java's. Push {@link #PAUSED} after its policies. */
    static void pause(Ledger ledger) {
        Holds h = ledger.holds;
        h.nativeSum += System.nanoTime() - h.nativeFrom;
        h.inNative = false;
    }

    /** The upcall that paused the stretch returned to native code. */
    static void resume(Ledger ledger) {
        Holds h = ledger.holds;
        h.nativeFrom = System.nanoTime();
        h.inNative = true;
    }

    private void call(Ledger ledger, int lock, Boundary b, long nanos) {
        HoldCalls c = current[lock];
        if (c == null) {
            c = current[lock] = new HoldCalls();
        }
        if (c.calls == 0 && Locks.family(lock)) {
            c.member = firstMember(ledger, lock);
        }
        c.call(b, nanos, longHoldNanos);
    }

    /** The member of family {@code family} the thread took first of those it holds. */
    private static Object firstMember(Ledger ledger, int family) {
        MemberHolds m = ledger.members;
        Object first = null;
        int seq = 0;
        for (int i = 0; m != null && i < m.size; i++) {
            if (m.families[i] == family && (first == null || m.seqs[i] - seq < 0)) {
                first = m.objects[i];
                seq = m.seqs[i];
            }
        }
        return first;
    }

    /** A new attach: the holds under way were not followed; the totals stay. */
    void reset() {
        for (HoldCalls c : current) {
            if (c != null) {
                c.clear();
            }
        }
        inNative = false;
        nativeSum = 0;
        waitFrom = 0;
        waitHolder = null;
        waitMember = null;
        releaseTimed = false;
    }
}
