package io.gilguard.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The violation path: deduplicates by kind, lock and sites, counts repeats, tells the sink about
 * the first of each. Memory is bounded whatever the run length.
 */
public final class Violations {
    private static final int MAX_DISTINCT = 10_000;
    private static final ConcurrentHashMap<Object, Violation> SEEN = new ConcurrentHashMap<>();
    private static final AtomicLong DROPPED = new AtomicLong();
    private static volatile Sink sink;

    private Violations() {}

    public static void sink(Sink s) {
        sink = s;
    }

    static void report(Ledger ledger, Kind kind, int lock, int site, int acquiredAt) {
        report(ledger, kind, lock, site, acquiredAt, 0);
    }

    /** {@code ledger} is the current thread's: the report is made on the thread that broke the rule. */
    static void report(Ledger ledger, Kind kind, int lock, int site, int acquiredAt, long nanos) {
        if (ledger.busy) {
            return;
        }
        ledger.busy = true;
        try {
            long key = ((long) kind.ordinal() << 59) | ((long) (lock & 0x7FF) << 48)
                    | ((long) (site & 0xFFFFFF) << 24) | (acquiredAt & 0xFFFFFF);
            Violation v = SEEN.get(key);
            if (v != null) {
                v.seen(nanos);
            } else {
                first(key, new Violation(kind, lock, null, Thread.currentThread().getName(), null, site,
                        acquiredAt, 0, null), nanos);
            }
        } catch (Throwable t) {
            Errors.internal(t);
        } finally {
            ledger.busy = false;
        }
    }

    /**
     * The violation path of the native hooks and of a thread's end, off any boundary: the caller
     * names the threads, and a lock the rules do not name ({@code lock} -1) has a {@code label}.
     * Distinct by kind, lock or label, sites and note.
     */
    public static void report(Kind kind, int lock, String label, String thread, String owner, int site,
                              int acquiredAt, int holdCount, String note) {
        report(kind, lock, label, thread, owner, site, acquiredAt, holdCount, note, null, 0);
    }

    /**
     * The violation path of thread state (an owned object, a token): {@code label} names it,
     * {@code origin} says how {@code owner} came to own it ({@code created}, {@code bound},
     * {@code saved}) at {@code acquiredAt}; {@code priorSite} is a token's first restore. Distinct
     * by kind, label, sites and note.
     */
    public static void reportState(Kind kind, String label, String thread, String owner, int site, int acquiredAt,
                                   int priorSite, String origin, String note) {
        report(kind, -1, label, thread, owner, site, acquiredAt, 0, note, origin, priorSite);
    }

    private static void report(Kind kind, int lock, String label, String thread, String owner, int site,
                               int acquiredAt, int holdCount, String note, String origin, int priorSite) {
        Ledger ledger = Ledgers.of(Thread.currentThread());
        if (ledger != null) {
            if (ledger.busy) {
                return;
            }
            ledger.busy = true;
        }
        try {
            String key = kind + "|" + (lock >= 0 ? Locks.name(lock) : label) + "|" + site + "|" + acquiredAt + "|" + note
                    + (priorSite != 0 ? "|" + priorSite : "");
            Violation v = SEEN.get(key);
            if (v != null) {
                v.seen(0);
            } else {
                first(key, new Violation(kind, lock, label, thread, owner, site, acquiredAt, holdCount, note, origin,
                        priorSite), 0);
            }
        } catch (Throwable t) {
            Errors.internal(t);
        } finally {
            if (ledger != null) {
                ledger.busy = false;
            }
        }
    }

    /** Keeps {@code fresh} unless the table is full, and the sink hears of it; a lost race only counts. */
    private static void first(Object key, Violation fresh, long nanos) {
        if (SEEN.size() >= MAX_DISTINCT) {
            DROPPED.incrementAndGet();
            return;
        }
        Violation v = SEEN.putIfAbsent(key, fresh);
        if (v != null) {
            v.seen(nanos);
            return;
        }
        fresh.seen(nanos);
        Sink s = sink;
        if (s != null) {
            s.first(fresh);
        }
    }

    /** In first-seen order. */
    public static List<Violation> all() {
        List<Violation> list = new ArrayList<>(SEEN.values());
        list.sort((a, b) -> Long.compare(a.firstSeenMillis(), b.firstSeenMillis()));
        return list;
    }


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
