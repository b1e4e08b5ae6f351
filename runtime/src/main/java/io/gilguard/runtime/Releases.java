package io.gilguard.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code RELEASE_NOT_WORTH_IT}: a {@code release} boundary whose calls are shorter than letting
 * go of the lock and taking it back. Each thread times its first 64 release calls and one in 64
 * after (four {@code nanoTime} reads: before and after letting go, before and after taking back);
 * per boundary, the first {@value #KEPT} calls timed are kept, and the cost summed. At exit each
 * boundary is judged: the median call against the mean cost, both said.
 */
public final class Releases {
    private static final int KEPT = 1024;
    /** Fewer calls timed than this: too few to judge. */
    private static final int JUDGED_FROM = 3;
    private static final Map<Boundary, Timed> TIMED = new ConcurrentHashMap<>();

    private Releases() {}

    /** One boundary's timed calls. */
    private static final class Timed {
        final int lock;
        final String thread = Thread.currentThread().getName();
        final long[] calls = new long[KEPT];
        final AtomicInteger count = new AtomicInteger();
        final LongAdder cost = new LongAdder();

        Timed(int lock) {
            this.lock = lock;
        }
    }

    /** Whether this release is timed: the thread's first 64, then one in 64, never one inside another timed one. */
    static boolean sample(Ledger ledger) {
        Holds h = ledger.holds;
        int n = h.releaseCalls++;
        return !h.releaseTimed && (n < 64 || (n & 63) == 0);
    }

    /** The lock was let go: {@code from} was taken before. */
    static void letGo(Ledger ledger, long from) {
        Holds h = ledger.holds;
        long now = System.nanoTime();
        h.releaseTimed = true;
        h.releaseCost = now - from;
        h.releaseCall = now;
    }

    /** The call returned at {@code returned}, and the lock is back: one timed call of boundary {@code b}. */
    static void takenBack(Ledger ledger, Boundary b, int lock, long returned) {
        Holds h = ledger.holds;
        long now = System.nanoTime();
        h.releaseTimed = false;
        try {
            Timed t = TIMED.computeIfAbsent(b, k -> new Timed(lock));
            int i = t.count.getAndIncrement();
            if (i < KEPT) {
                t.calls[i] = returned - h.releaseCall;
            }
            t.cost.add(h.releaseCost + (now - returned));
        } catch (Throwable e) {
            Errors.internal(e);
        }
    }

    /** At exit: a finding for each release boundary whose median call is shorter than letting go and taking back. */
    public static void judge() {
        for (Map.Entry<Boundary, Timed> e : TIMED.entrySet()) {
            Timed t = e.getValue();
            int n = Math.min(t.count.get(), KEPT);
            if (n < JUDGED_FROM) {
                continue;
            }
            long[] calls = Arrays.copyOf(t.calls, n);
            Arrays.sort(calls);
            long median = calls[n / 2];
            long cost = t.cost.sum() / t.count.get();
            if (median < cost) {
                Boundary b = e.getKey();
                Violations.report(null, Violation.of(Kind.RELEASE_NOT_WORTH_IT).lock(t.lock).thread(t.thread)
                        .site(b.site).symbol(b.symbol).nanos(median)
                        .note("median call " + median + " ns, letting go and taking back " + cost + " ns, "
                                + t.count.get() + " calls timed"));
            }
        }
    }

    /** For a test: what was timed, per boundary site. */
    static List<String> timed() {
        List<String> out = new ArrayList<>();
        TIMED.forEach((b, t) -> out.add(b.site + ":" + t.count.get()));
        return out;
    }
}
