package io.gilguard.report;

import io.gilguard.runtime.Errors;
import io.gilguard.runtime.HoldSummary;
import io.gilguard.runtime.OrderEdge;
import io.gilguard.runtime.Violation;
import io.gilguard.runtime.Violations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** {@code report=FILE}: every distinct violation and finding, written at exit. */
public final class JsonReport {
    private JsonReport() {}

    public static void write(Path file, String version) throws IOException {
        Tally tally = Tally.now();
        String text = "{\n  \"version\": " + Json.string(version)
                + ",\n  \"violations\": " + entries(tally.violations)
                + ",\n  \"findings\": " + entries(tally.findings)
                + ",\n  \"suppressed\": " + entries(tally.suppressed)
                + ",\n  \"locks\": " + HoldTable.json(tally.findings)
                + ",\n  \"dropped\": " + Violations.dropped()
                + ",\n  \"internalErrors\": " + Errors.internalCount()
                + "\n}\n";
        ReportFile.write(file, text);
    }

    /** A JSON array of the entries, one per line. */
    static String entries(List<Violation> reports) {
        StringJoiner array = new StringJoiner(",\n    ", "[\n    ", "\n  ]").setEmptyValue("[]");
        for (Violation v : reports) {
            array.add(entry(v));
        }
        return array.toString();
    }

    /**
     * A lock-order inversion's edges, in the cycle's order, the closing one last:
     * {@code [{"from":..,"to":..,"thread":..,"heldAt":SITE,"heldNatively":BOOL,"site":SITE,"stack":[..]}, ...]};
     * {@code heldNatively}: {@code from} is a monitor entered through JNI {@code MonitorEnter}
     * ({@code heldAt} null: entered by a native thread, with no Java frame).
     */
    static String cycle(Violation v) {
        List<String> edges = new ArrayList<>();
        for (OrderEdge e : v.cycle()) {
            edges.add(Json.object("from", Json.string(e.from()), "to", Json.string(e.to()),
                    "thread", Json.string(e.thread()), "heldAt", Json.site(e.heldAt()),
                    "heldNatively", Boolean.toString(e.heldNatively()), "site", Json.site(e.site()),
                    "stack", Json.frames(e.stack())));
        }
        return Json.array(edges);
    }

    /** A long hold's first hold: {@code {"millis","nativeMillis","calls","methods":[{"method","millis","calls"}]}}. */
    static String hold(HoldSummary h) {
        StringJoiner methods = new StringJoiner(",", "[", "]");
        String[] names = h.methods();
        for (int i = 0; i < names.length; i++) {
            methods.add("{\"method\":" + Json.string(names[i]) + ",\"millis\":" + h.methodNanos(i) / 1_000_000
                    + ",\"calls\":" + h.methodCalls(i) + "}");
        }
        return "{\"millis\":" + h.holdMillis() + ",\"nativeMillis\":" + h.nativeNanos() / 1_000_000
                + ",\"calls\":" + h.calls() + ",\"methods\":" + methods + "}";
    }

    static String entry(Violation v) {
        String entry = "{\"kind\":" + Json.string(v.kind().name())
                + (v.isState() ? ",\"state\":" : ",\"lock\":") + Json.string(v.lock())
                + (v.member() != null ? ",\"object\":" + Json.string(v.member()) : "")
                + ",\"thread\":" + Json.string(v.thread())
                + ",\"owner\":" + Json.string(v.owner())
                + ",\"site\":" + Json.site(v.site())
                + (v.symbol() != null ? ",\"native\":" + Json.string(v.symbol()) : "")
                + ",\"acquiredAt\":" + Json.site(v.acquiredAt())
                + (v.isState() ? ",\"origin\":" + Json.string(v.origin()) + ",\"firstRestoredAt\":" + Json.site(v.priorSite()) : "")
                + (v.cycle().isEmpty() ? "" : ",\"cycle\":" + cycle(v))
                + ",\"holdCount\":" + v.holdCount()
                + ",\"note\":" + Json.string(v.note())
                + ",\"count\":" + v.count()
                + ",\"firstSeen\":" + Json.string(Instant.ofEpochMilli(v.firstSeenMillis()).toString());
        if (v.kind().isFinding()) {
            entry += ",\"maxMillis\":" + v.maxNanos() / 1_000_000;
        }
        if (v.hold() != null) {
            entry += ",\"hold\":" + hold(v.hold());
        }
        if (v.suppressedBy() != null) {
            entry += ",\"suppressedBy\":" + Json.string(v.suppressedBy());
        }
        if (v.test() != null) {
            entry += ",\"test\":" + Json.string(v.test());
        }
        return entry + ",\"stack\":" + Json.frames(v.stack()) + "}";
    }
}
