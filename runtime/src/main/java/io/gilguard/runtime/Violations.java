package io.gilguard.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The violation path: deduplicates by {@link ViolationKey}, counts repeats, tells the sink about
 * the first of each. Memory is bounded whatever the run length.
 */
public final class Violations {
    private static final int MAX_DISTINCT = 10_000;
    private static final ConcurrentHashMap<ViolationKey, Violation> SEEN = new ConcurrentHashMap<>();
    private static final AtomicLong DROPPED = new AtomicLong();
    private static volatile Sink sink;
    private static volatile Sink recorder;
    private static volatile Sink[] watchers = new Sink[0];
    private static volatile Function<Violation, String> suppressions;

    private Violations() {}

    /** The console's sink, set at start-up or attach, cleared at detach. */
    public static void sink(Sink s) {
        sink = s;
    }

    /**
     * The sink that hears of every occurrence with its own figures ({@link Sink#each}): JFR's, set
     * at start-up or attach, cleared at detach; null: none.
     */
    public static void recorder(Sink s) {
        recorder = s;
    }

    /** What suppresses a violation: its reason, or null; asked once per distinct violation. */
    public static void suppressions(Function<Violation, String> reasonOf) {
        suppressions = reasonOf;
    }

    /** Another sink that hears of every occurrence (a test framework's); it stays across detach. */
    public static synchronized void watch(Sink s) {
        Sink[] w = Arrays.copyOf(watchers, watchers.length + 1);
        w[w.length - 1] = s;
        watchers = w;
    }

    public static synchronized void unwatch(Sink s) {
        watchers = Arrays.stream(watchers).filter(w -> w != s).toArray(Sink[]::new);
    }

    /**
     * The one entry of the violation path, on the thread that saw the violation (which may not be
     * the one {@code report} names: a native hook's report of another thread). {@code ledger} is
     * the current thread's, or null where the caller has none at hand (a native hook, a thread's
     * end, whose thread-locals may be gone): it is then looked up, and a thread that has none has
     * no re-entry to guard against.
     */
    static void report(Ledger ledger, Violation.Builder report) {
        if (ledger == null) {
            ledger = Ledgers.of(Thread.currentThread());
        }
        if (ledger != null) {
            if (ledger.busy) {
                return;
            }
            ledger.busy = true;
        }
        try {
            ViolationKey key = report.key();
            Violation v = SEEN.get(key);
            if (v != null) {
                v.seen(report.nanos);
                for (Sink w : watchers) {
                    w.again(v);
                }
            } else {
                v = first(key, report.build(), report.nanos);
            }
            Sink r = recorder;
            if (r != null) {
                r.each(v, report);
            }
        } catch (Throwable t) {
            Errors.internal(t);
        } finally {
            if (ledger != null) {
                ledger.busy = false;
            }
        }
    }

    /**
     * Keeps {@code fresh} unless the table is full, and the sink hears of it; a lost race only
     * counts. Returns the report kept for the key, null if none is.
     */
    private static Violation first(ViolationKey key, Violation fresh, long nanos) {
        if (SEEN.size() >= MAX_DISTINCT) {
            DROPPED.incrementAndGet();
            return null;
        }
        Violation v = SEEN.putIfAbsent(key, fresh);
        if (v != null) {
            v.seen(nanos);
            for (Sink w : watchers) {
                w.again(v);
            }
            return v;
        }
        fresh.seen(nanos);
        Function<Violation, String> suppressed = suppressions;
        if (suppressed != null) {
            fresh.suppress(suppressed.apply(fresh));
        }
        Sink s = sink;
        if (s != null) {
            s.first(fresh);
        }
        for (Sink w : watchers) {
            w.first(fresh);
        }
        return fresh;
    }

    /** In first-seen order. */
    public static List<Violation> all() {
        List<Violation> list = new ArrayList<>(SEEN.values());
        list.sort(FIRST_SEEN);
        return list;
    }

    /** Not a lambda (NoLambdaTest in test-apps). */
    private static final Comparator<Violation> FIRST_SEEN = new Comparator<>() {
        @Override
        public int compare(Violation a, Violation b) {
            return Long.compare(a.firstSeenMillis(), b.firstSeenMillis());
        }
    };

    /** Forgets every report: a new attach reports afresh what the last one saw. */
    public static void clear() {
        SEEN.clear();
        DROPPED.set(0);
    }

    /** Distinct reports not kept because the table was full. */
    public static long dropped() {
        return DROPPED.get();
    }
}
