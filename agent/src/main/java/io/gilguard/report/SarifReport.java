package io.gilguard.report;

import io.gilguard.runtime.Errors;
import io.gilguard.runtime.Kind;
import io.gilguard.runtime.OrderEdge;
import io.gilguard.runtime.Sites;
import io.gilguard.runtime.Violation;
import io.gilguard.runtime.Violations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * {@code sarif=FILE}: the run in SARIF 2.1.0, which GitHub code scanning, GitLab and IDEs read.
 * One rule per kind (its help from {@link Kinds}); one result per distinct violation, finding and
 * suppressed violation: its line as the message, the violating site (the acquisition site when
 * there is none) as the location, the acquisition site (and a token's first restore) as related
 * locations, the first occurrence's stack ({@code stacks=N}) as the result's stack, the count as
 * {@code occurrenceCount}, and what the line says field by field in its properties. A source file
 * found under a {@code sourceRoots=} root is named relative to it, through the base id
 * {@code SRCROOT} ({@code SRCROOT2}, ... for the later roots), which {@code originalUriBaseIds}
 * maps to the root's absolute URI; a file found under none is named {@code package/File.java}.
 */
final class SarifReport {
    static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    private SarifReport() {}

    static void write(Path file, String version, List<Path> sourceRoots) throws IOException {
        ReportFile.write(file, text(Tally.now(), version, new SourceRoots(sourceRoots), Violations.dropped(),
                Errors.internalCount()));
    }

    static String text(Tally tally, String version, SourceRoots roots, long dropped, long internalErrors) {
        StringJoiner rules = new StringJoiner(",\n        ", "[\n        ", "\n      ]");
        for (Kind k : Kind.values()) {
            rules.add(Json.object(
                    "id", Json.string(k.name()),
                    "shortDescription", text(Kinds.shortDescription(k)),
                    "fullDescription", text(Kinds.fullDescription(k)),
                    "help", text(Kinds.help(k)),
                    "defaultConfiguration", Json.object("level", Json.string(level(k)))));
        }
        StringJoiner results = new StringJoiner(",\n    ", "[\n    ", "\n  ]").setEmptyValue("[]");
        for (List<Violation> part : List.of(tally.violations, tally.suppressed, tally.findings)) {
            for (Violation v : part) {
                results.add(result(v, roots));
            }
        }
        return "{\n  \"$schema\": " + Json.string(SCHEMA)
                + ",\n  \"version\": \"2.1.0\""
                + ",\n  \"runs\": [{\n  \"tool\": {\"driver\": {\"name\": \"gilguard\", \"version\": " + Json.string(version)
                + ",\n      \"rules\": " + rules + "}}"
                + (roots.roots().isEmpty() ? "" : ",\n  \"originalUriBaseIds\": " + baseIds(roots))
                + ",\n  \"results\": " + results
                + ",\n  \"properties\": {\"dropped\": " + dropped + ", \"internalErrors\": " + internalErrors + "}"
                + "\n  }]\n}\n";
    }

    /** Violations are errors; findings (advice) notes. */
    private static String level(Kind k) {
        return k.isFinding() ? "note" : "error";
    }

    private static String result(Violation v, SourceRoots roots) {
        List<String> related = new ArrayList<>();
        if (v.site() > 0 && v.acquiredAt() > 0) {
            related.add(location(v.acquiredAt(), roots, related.size() + 1, Place.acquired(v)));
        }
        if (v.priorSite() > 0) {
            related.add(location(v.priorSite(), roots, related.size() + 1, "first restored at"));
        }
        for (OrderEdge e : v.cycle()) {
            String who = "thread \"" + e.thread() + "\" ";
            if (e.heldAt() > 0) {
                related.add(location(e.heldAt(), roots, related.size() + 1, who + "took " + e.from()));
            }
            if (e.site() > 0) {
                related.add(location(e.site(), roots, related.size() + 1, who + "took " + e.to() + " holding " + e.from()));
            }
        }
        int place = Place.of(v);
        return Json.object(
                "ruleId", Json.string(v.kind().name()),
                "ruleIndex", Integer.toString(v.kind().ordinal()),
                "level", Json.string(level(v.kind())),
                "message", text(ConsoleSink.line(v)),
                "locations", place > 0 ? "[" + location(place, roots, 0, null) + "]" : "[]",
                "relatedLocations", related.isEmpty() ? null : Json.array(related),
                "stacks", v.stack().length == 0 ? null : "[" + stack(v, roots) + "]",
                "occurrenceCount", Long.toString(Math.max(1, v.count())),
                // present and empty: known not to be suppressed (absent would mean "not known")
                "suppressions", v.suppressedBy() == null ? "[]"
                        : "[" + Json.object("kind", "\"external\"", "justification", Json.string(v.suppressedBy())) + "]",
                "properties", properties(v));
    }

    /** {@code id} 0: none (the result's own location). */
    private static String location(int site, SourceRoots roots, int id, String message) {
        return location(Sites.className(site), Sites.method(site), Sites.file(site), Sites.line(site), roots, id, message);
    }

    private static String location(String className, String method, String file, int line, SourceRoots roots, int id,
            String message) {
        return Json.object(
                "id", id > 0 ? Integer.toString(id) : null,
                "physicalLocation", physical(roots.find(className, file), line),
                "logicalLocations", "[" + Json.object(
                        "name", Json.string(method),
                        "fullyQualifiedName", Json.string(className + "." + method),
                        "kind", "\"function\"") + "]",
                "message", message == null ? null : text(message));
    }

    /** Null when no file is known; no region when no line is (a native method: -1, or a frame's -2). */
    private static String physical(SourceRoots.Source source, int line) {
        if (source == null) {
            return null;
        }
        return Json.object(
                "artifactLocation", Json.object(
                        "uri", Json.string(uri(source.path)),
                        "uriBaseId", source.root >= 0 ? Json.string(baseId(source.root)) : null),
                "region", line >= 1 ? Json.object("startLine", Integer.toString(line)) : null);
    }

    private static String stack(Violation v, SourceRoots roots) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement e : v.stack()) {
            frames.add(Json.object(
                    "location", location(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber(), roots, 0, null),
                    "module", optional(e.getModuleName())));
        }
        return Json.object(
                "message", text("the stack of thread \"" + v.thread() + "\" when first seen"),
                "frames", Json.array(frames));
    }

    /** The line's fields one by one, under the JSON report's names. */
    private static String properties(Violation v) {
        return Json.object(
                v.isState() ? "state" : "lock", optional(v.lock()),
                "object", optional(v.member()),
                "thread", Json.string(v.thread()),
                "owner", optional(v.owner()),
                "native", optional(v.symbol()),
                "holdCount", v.holdCount() > 0 ? Integer.toString(v.holdCount()) : null,
                "note", optional(v.note()),
                "cycle", v.cycle().isEmpty() ? null : JsonReport.cycle(v),
                "count", Long.toString(v.count()),
                "firstSeen", Json.string(Instant.ofEpochMilli(v.firstSeenMillis()).toString()),
                "maxMillis", v.kind().isFinding() ? Long.toString(v.maxNanos() / 1_000_000) : null,
                "test", optional(v.test()));
    }

    private static String baseIds(SourceRoots roots) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < roots.roots().size(); i++) {
            String uri = roots.roots().get(i).toAbsolutePath().normalize().toUri().toString();
            // a base URI ends with a slash (SARIF 3.14.14), which toUri() gives only for a folder that exists
            ids.add(Json.string(baseId(i)) + ": " + Json.object("uri", Json.string(uri.endsWith("/") ? uri : uri + "/")));
        }
        return "{" + String.join(", ", ids) + "}";
    }

    static String baseId(int root) {
        return root == 0 ? "SRCROOT" : "SRCROOT" + (root + 1);
    }

    /** A relative URI of a path: each byte but the unreserved ones and {@code /} percent-encoded (RFC 3986). */
    static String uri(String path) {
        StringBuilder b = new StringBuilder();
        for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", x & 0xFF));
            }
        }
        return b.toString();
    }

    /** A SARIF message (or multiformat string): {@code {"text": ...}}. */
    private static String text(String s) {
        return Json.object("text", Json.string(s));
    }

    private static String optional(String s) {
        return s == null ? null : Json.string(s);
    }
}
