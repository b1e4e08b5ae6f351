package io.gilguard.report;

import io.gilguard.runtime.Errors;
import io.gilguard.runtime.Ledger;
import io.gilguard.runtime.Ledgers;
import io.gilguard.runtime.Locks;
import io.gilguard.runtime.Sites;
import io.gilguard.runtime.Violation;
import io.gilguard.runtime.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The live state of a running JVM: the violations so far, and for every thread the tracked
 * locks it holds now, with count and acquisition site. Read from the ledgers of other threads
 * without stopping them: a count may be a moment old, never torn (ints).
 */
final class LiveReport {
    private LiveReport() {}

    /** A held lock, as read from one thread's ledger. */
    private record Held(Thread thread, int lock, int count, int site) {}

    static String text(String about) {
        StringBuilder b = new StringBuilder("gilguard ").append(about).append('\n');
        Tally tally = Tally.now();
        b.append("violations: ").append(tally.violations.size()).append(" distinct");
        if (!tally.findings.isEmpty()) {
            b.append(", findings: ").append(tally.findings.size());
        }
        b.append('\n');
        for (String line : violationLines()) {
            b.append("  ").append(line).append('\n');
        }
        List<String> held = heldLines();
        b.append("held locks: ").append(held.size()).append('\n');
        for (String line : held) {
            b.append("  ").append(line).append('\n');
        }
        if (Violations.dropped() > 0 || Errors.internalCount() > 0) {
            b.append("dropped: ").append(Violations.dropped()).append(", internal errors: ")
                    .append(Errors.internalCount()).append('\n');
        }
        return b.toString();
    }

    static List<String> violationLines() {
        List<String> lines = new ArrayList<>();
        for (Violation v : Violations.all()) {
            lines.add(ConsoleSink.line(v).substring("gilguard: ".length()) + " count=" + v.count());
        }
        return lines;
    }

    /** {@code thread="T" state=S lock=L count=N acquired at SITE}. */
    static List<String> heldLines() {
        List<String> lines = new ArrayList<>();
        for (Held h : held()) {
            lines.add("thread=\"" + h.thread.getName() + "\" state=" + h.thread.getState() + " lock=" + Locks.name(h.lock)
                    + " count=" + h.count + (h.site > 0 ? " acquired at " + Sites.format(h.site) : ""));
        }
        return lines;
    }

    static String json(String about) {
        Tally tally = Tally.now();
        StringJoiner held = new StringJoiner(",\n    ", "[\n    ", "\n  ]").setEmptyValue("[]");
        for (Held h : held()) {
            held.add("{\"thread\":" + Json.string(h.thread.getName()) + ",\"threadId\":" + h.thread.getId()
                    + ",\"state\":" + Json.string(h.thread.getState().name()) + ",\"lock\":" + Json.string(Locks.name(h.lock))
                    + ",\"count\":" + h.count + ",\"acquiredAt\":" + Json.site(h.site) + "}");
        }
        return "{\n  \"about\": " + Json.string(about)
                + ",\n  \"violations\": " + JsonReport.entries(tally.violations)
                + ",\n  \"findings\": " + JsonReport.entries(tally.findings)
                + ",\n  \"held\": " + held
                + ",\n  \"dropped\": " + Violations.dropped()
                + ",\n  \"internalErrors\": " + Errors.internalCount()
                + "\n}\n";
    }

    private static List<Held> held() {
        List<Held> held = new ArrayList<>();
        int locks = Locks.count();
        for (Map.Entry<Thread, Ledger> e : Ledgers.byThread().entrySet()) {
            Thread t = e.getKey();
            if (t == null || !t.isAlive()) {
                continue;
            }
            for (int lock = 0; lock < locks; lock++) {
                int count = e.getValue().count(lock);
                if (count > 0) {
                    held.add(new Held(t, lock, count, e.getValue().site(lock)));
                }
            }
        }
        held.sort((a, b) -> a.thread.getName().compareTo(b.thread.getName()));
        return held;
    }
}
