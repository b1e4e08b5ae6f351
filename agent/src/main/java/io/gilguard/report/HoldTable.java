package io.gilguard.report;

import io.gilguard.runtime.HoldStats;
import io.gilguard.runtime.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * What each tracked lock cost, at exit after the violations: per lock that was held at all, its
 * holds (outermost acquisition to final release), their time in all and the longest (on a
 * millisecond clock: holds shorter than that count as 0), the time they spent inside native
 * calls (nested upcalls left out) and in how many calls, the most native time of one hold, the
 * longest wait for it that began while its holder was inside native code ({@code CONTENDED}),
 * and the findings about the lock. On stderr as a table, in the JSON report as {@code locks}.
 */
final class HoldTable {
    private static final String[] HEADER = {"lock", "holds", "held ms", "longest ms", "native ms", "native calls",
        "longest native ms", "longest wait ms", "findings"};

    private HoldTable() {}

    /** The table's lines, header first, each with the {@code gilguard: } prefix; none when no lock was held. */
    static List<String> lines(List<Violation> findings) {
        List<String[]> rows = new ArrayList<>();
        for (HoldStats.Row r : HoldStats.table()) {
            rows.add(new String[] {r.lock, Long.toString(r.holds), Long.toString(r.heldMillis),
                Long.toString(r.maxHeldMillis), Long.toString(r.nativeNanos / 1_000_000), Long.toString(r.nativeCalls),
                Long.toString(r.maxNativeNanos / 1_000_000), Long.toString(r.maxWaitNanos / 1_000_000),
                Long.toString(findingsOf(findings, r.lock))});
        }
        List<String> lines = new ArrayList<>();
        if (rows.isEmpty()) {
            return lines;
        }
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        lines.add(line(HEADER, widths));
        for (String[] row : rows) {
            lines.add(line(row, widths));
        }
        return lines;
    }

    /** The JSON array: one object per lock held at all. */
    static String json(List<Violation> findings) {
        List<String> entries = new ArrayList<>();
        for (HoldStats.Row r : HoldStats.table()) {
            entries.add("{\"lock\":" + Json.string(r.lock) + ",\"holds\":" + r.holds + ",\"heldMillis\":" + r.heldMillis
                    + ",\"maxHeldMillis\":" + r.maxHeldMillis + ",\"nativeMillis\":" + r.nativeNanos / 1_000_000
                    + ",\"nativeCalls\":" + r.nativeCalls + ",\"maxNativeMillis\":" + r.maxNativeNanos / 1_000_000
                    + ",\"maxWaitMillis\":" + r.maxWaitNanos / 1_000_000 + ",\"findings\":" + findingsOf(findings, r.lock) + "}");
        }
        return entries.isEmpty() ? "[]" : "[\n    " + String.join(",\n    ", entries) + "\n  ]";
    }

    private static long findingsOf(List<Violation> findings, String lock) {
        long n = 0; // a loop, not a stream's lambda (NoLambdaTest)
        for (Violation v : findings) {
            if (lock.equals(v.lock())) {
                n++;
            }
        }
        return n;
    }

    /** The lock's name left-aligned, the numbers right-aligned. */
    private static String line(String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder("gilguard: ");
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(widths[i] - cells[i].length());
            b.append(i == 0 ? cells[i] + pad : "  " + pad + cells[i]);
        }
        return b.toString();
    }
}
