package io.gilguard.runtime;

/**
 * The report of a hold whose native calls took {@code longHold} or more: at the hold's end, on
 * its thread, naming the lock, where it was taken, and the native method that took the most
 * time (its site is the report's), with a {@link HoldSummary} of the hold. The violation path.
 */
final class LongHolds {
    /** Methods a report names, longest first; the rest are in the count of calls only. */
    private static final int TOP = 3;

    private LongHolds() {}

    static void report(Ledger ledger, int lock, HoldCalls c, int holdMillis) {
        int[] order = c.byTime();
        if (order.length == 0) {
            return; // more boundaries than a hold names, none of them first: nothing to point at
        }
        int n = Math.min(TOP, order.length);
        String[] methods = new String[n];
        long[] nanos = new long[n];
        int[] calls = new int[n];
        for (int i = 0; i < n; i++) {
            int slot = order[i];
            Boundary b = c.boundaries[slot];
            methods[i] = b.symbol != null ? b.symbol : shortName(b.site);
            nanos[i] = c.nanosOf[slot];
            calls[i] = c.callsOf[slot];
        }
        int top = order[0];
        Violations.report(ledger, Violation.of(Kind.LONG_HOLD_ACROSS_NATIVE).lock(lock).member(c.member)
                .site(c.site(top)).symbol(c.boundaries[top].symbol).acquiredAt(ledger.sites[lock]).nanos(c.nanos)
                .hold(new HoldSummary(holdMillis, c.nanos, c.calls, methods, nanos, calls)));
    }

    /** {@code SimpleClass.method} of a native method's site. */
    static String shortName(int site) {
        String cls = Sites.className(site);
        String simple = cls == null ? "?" : cls.substring(cls.lastIndexOf('.') + 1);
        return simple + '.' + Sites.method(site);
    }
}
