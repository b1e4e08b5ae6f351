package io.gilguard.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One test JVM's {@code report=FILE}: {@code {"version", "violations", "findings", "suppressed", "dropped", "internalErrors"}}. */
record Report(Path file, List<Violation> violations, List<Violation> findings, List<Violation> suppressed,
        long dropped, long internalErrors) {

    /** Throws {@link IOException} for a file that cannot be read or is not such a report, naming it. */
    static Report read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Object json;
        try {
            json = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (!(json instanceof Map<?, ?> map) || !(map.get("violations") instanceof List)) {
            throw new IOException(file + ": not a gilguard report (no \"violations\")");
        }
        return new Report(file, entries(map.get("violations")), entries(map.get("findings")), entries(map.get("suppressed")),
                number(map.get("dropped")), number(map.get("internalErrors")));
    }

    private static List<Violation> entries(Object json) {
        List<Violation> entries = new ArrayList<>();
        if (json instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> entry) {
                    entries.add(Violation.of(entry));
                }
            }
        }
        return entries;
    }

    private static long number(Object json) {
        return json instanceof Number n ? n.longValue() : 0;
    }
}
