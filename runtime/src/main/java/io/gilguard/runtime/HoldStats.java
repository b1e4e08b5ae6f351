package io.gilguard.runtime;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Per tracked lock, the holds of every thread, for the table at exit: each thread keeps its own
 * totals ({@link Holds}, no shared write on the hot path); a thread's are folded into the
 * totals here once it has ended, so that a program that makes many threads keeps few records.
 * Touched once per thread and at exit, never per event.
 */
public final class HoldStats {
    private static final List<Holds> LIVE = new ArrayList<>();
    private static int foldAt = 64;
    private static Row[] ended = new Row[0];

    private HoldStats() {}

    /** One lock's holds: counts, times in ms unless said. */
    public static final class Row {
        public final String lock;
        public long holds;
        public long heldMillis;
        public long maxHeldMillis;
        public long nativeNanos;
        public long nativeCalls;
        public long maxNativeNanos;
        /** The longest wait for the lock that began while its holder was inside native code. */
        public long maxWaitNanos;

        Row(String lock) {
            this.lock = lock;
        }

        void add(Holds h, int i) {
            holds += h.holds[i];
            heldMillis += h.heldMillis[i];
            maxHeldMillis = Math.max(maxHeldMillis, h.maxHeldMillis[i]);
            nativeNanos += h.nativeNanos[i];
            nativeCalls += h.nativeCalls[i];
            maxNativeNanos = Math.max(maxNativeNanos, h.maxNativeNanos[i]);
            maxWaitNanos = Math.max(maxWaitNanos, h.maxWaitNanos[i]);
        }

        void add(Row r) {
            holds += r.holds;
            heldMillis += r.heldMillis;
            maxHeldMillis = Math.max(maxHeldMillis, r.maxHeldMillis);
            nativeNanos += r.nativeNanos;
            nativeCalls += r.nativeCalls;
            maxNativeNanos = Math.max(maxNativeNanos, r.maxNativeNanos);
            maxWaitNanos = Math.max(maxWaitNanos, r.maxWaitNanos);
        }
    }

    static synchronized void register(Holds h) {
        if (LIVE.size() >= foldAt) {
            foldEnded();
            foldAt = Math.max(64, 2 * LIVE.size());
        }
        LIVE.add(h);
    }

    /** Every thread's totals that ended: {@code isAlive} false means its last write is visible here. */
    private static void foldEnded() {
        Row[] rows = rows(ended);
        for (Iterator<Holds> i = LIVE.iterator(); i.hasNext(); ) { // not removeIf's lambda (NoLambdaTest in test-apps)
            Holds h = i.next();
            Thread t = h.thread.get();
            if (t == null || !t.isAlive()) {
                addAll(rows, h);
                i.remove();
            }
        }
        ended = rows;
    }

    /** Per lock, in the rules' order, those held at least once (a hold that ended). */
    public static synchronized List<Row> table() {
        Row[] rows = rows(ended);
        for (Holds h : LIVE) {
            addAll(rows, h);
        }
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (r.holds > 0) {
                out.add(r);
            }
        }
        return out;
    }

    /** A copy of {@code from}, one row per lock defined now. */
    private static Row[] rows(Row[] from) {
        Row[] rows = new Row[Locks.count()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Row(Locks.name(i));
            if (i < from.length) {
                rows[i].add(from[i]);
            }
        }
        return rows;
    }

    private static void addAll(Row[] rows, Holds h) {
        int n = Math.min(rows.length, h.holds.length);
        for (int i = 0; i < n; i++) {
            rows[i].add(h, i);
        }
    }
}
