package io.gilguard.runtime;

/**
 * The hot path of the lock-order graph ({@link LockOrder}): a thread took a lock, outermost,
 * while holding others. Each thread keeps the edges it has given the graph already
 * ({@link Ledger#knownEdges}, one word per ordered pair of lock numbers) with the gate locks the
 * graph had for each then: when every edge into the lock is known, under gates the thread still
 * holds, the graph cannot learn anything and this returns, with no lock and no allocation.
 */
final class OrderEdges {
    /** Set in a known edge's word; the other bits are the edge's gate locks (lock numbers under 63). */
    static final long KNOWN = 1L << 63;

    private OrderEdges() {}

    /**
     * {@code lock} was taken (outermost) at {@code site} by the ledger's thread, which holds
     * others, or runs an upcall whose native caller holds JNI monitors.
     */
    static void taken(Ledger ledger, int lock, int site) {
        if (ledger.tried) {
            return;
        }
        long held = held(ledger, lock);
        if (ledger.crossing != 0) {
            held |= JniOrder.held(ledger) & ~(1L << lock);
        }
        if (held != 0 && !known(ledger, lock, held)) {
            LockOrder.add(ledger, lock, site, held, false);
        }
    }

    /**
     * The locks the thread holds other than {@code lock}, one bit per lock number, as its ledger
     * says (JNI monitors are {@link JniOrder#held}); 0 if none, or if the rules name more locks
     * than the graph follows.
     */
    static long held(Ledger ledger, int lock) {
        int[] counts = ledger.counts;
        if (counts.length > LockOrder.MAX_LOCKS) {
            return 0;
        }
        long held = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0 && i != lock) {
                held |= 1L << i;
            }
        }
        return held;
    }

    /** Whether the graph has every edge from a held lock to {@code lock}, each with no gate the thread does not hold now. */
    static boolean known(Ledger ledger, int lock, long held) {
        long[] known = ledger.knownEdges;
        if (known == null) {
            return false;
        }
        int n = LockOrder.nodes();
        if (known.length != n * n) {
            return false; // made for an earlier graph (an attach since)
        }
        for (long h = held; h != 0; h &= h - 1) {
            // A gate not held now would leave the graph's edge with fewer gates: that is news.
            if ((known[Long.numberOfTrailingZeros(h) * n + lock] & ~held) != KNOWN) {
                return false;
            }
        }
        return true;
    }
}
