package io.gilguard.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reports laid out as the agent writes them (report/JsonReport.java), for the tests. */
final class Reports {
    static final String LEAK = "{\"kind\":\"LEAKED_AT_RETURN\",\"lock\":\"gil\",\"thread\":\"engine-thread\",\"owner\":null,"
            + "\"site\":{\"class\":\"com.example.Leaky\",\"method\":\"onEvent\",\"file\":\"Leaky.java\",\"line\":12},"
            + "\"acquiredAt\":{\"class\":\"com.example.Leaky\",\"method\":\"onEvent\",\"file\":\"Leaky.java\",\"line\":13},"
            + "\"holdCount\":0,\"note\":null,\"count\":COUNT,\"firstSeen\":\"2026-12-05T06:00:00Z\"TEST,\"stack\":[\"a.B.c(B.java:1)\"]}";
    static final String EXIT = "{\"kind\":\"HELD_AT_THREAD_EXIT\",\"lock\":\"gil\",\"thread\":\"engine-thread\",\"owner\":null,"
            + "\"site\":null,\"acquiredAt\":{\"class\":\"com.example.Leaky\",\"method\":\"onEvent\",\"file\":\"Leaky.java\",\"line\":13},"
            + "\"holdCount\":100,\"note\":null,\"count\":1,\"firstSeen\":\"2026-12-05T06:00:00Z\",\"stack\":[]}";
    static final String NATIVE = "{\"kind\":\"FORBIDDEN_HELD\",\"lock\":\"gil\",\"thread\":\"main\",\"owner\":null,"
            + "\"site\":{\"class\":\"com.example.Lib\",\"method\":\"compute\",\"file\":\"Lib.java\",\"line\":-1},"
            + "\"acquiredAt\":{\"class\":\"com.example.Main\",\"method\":\"main\",\"file\":\"Main.java\",\"line\":16},"
            + "\"holdCount\":0,\"note\":null,\"count\":1,\"firstSeen\":\"2026-12-05T06:00:00Z\","
            + "\"suppressedBy\":\"legacy, fixed in 2.0\",\"stack\":[]}";
    static final String STATE = "{\"kind\":\"FOREIGN_STATE\",\"state\":\"com.example.Interp\",\"thread\":\"pool-1\",\"owner\":\"main\","
            + "\"site\":{\"class\":\"com.example.Use\",\"method\":\"run\",\"file\":null,\"line\":-1},"
            + "\"acquiredAt\":{\"class\":\"com.example.Main\",\"method\":\"main\",\"file\":\"Main.java\",\"line\":5},"
            + "\"origin\":\"created\",\"firstRestoredAt\":null,\"holdCount\":0,\"note\":null,\"count\":2,\"firstSeen\":\"2026-12-05T06:00:00Z\",\"stack\":[]}";
    static final String LONG_HOLD = "{\"kind\":\"LONG_HOLD_ACROSS_NATIVE\",\"lock\":\"gil\",\"thread\":\"main\",\"owner\":null,"
            + "\"site\":{\"class\":\"com.example.Lib\",\"method\":\"compute\",\"file\":\"Lib.java\",\"line\":-1},\"acquiredAt\":null,"
            + "\"holdCount\":0,\"note\":null,\"count\":1,\"firstSeen\":\"2026-12-05T06:00:00Z\",\"maxMillis\":400,\"stack\":[]}";

    private Reports() {}

    /** The leak, as a fork saw it {@code count} times, failing {@code test} (null: none). */
    static String leak(long count, String test) {
        return LEAK.replace("COUNT", Long.toString(count)).replace("TEST", test == null ? "" : ",\"test\":\"" + test + "\"");
    }

    static Path write(Path dir, String name, String[] violations, String[] findings, String[] suppressed) throws IOException {
        String text = "{\n  \"version\": \"0.1.0-SNAPSHOT\",\n  \"violations\": " + array(violations)
                + ",\n  \"findings\": " + array(findings) + ",\n  \"suppressed\": " + array(suppressed)
                + ",\n  \"dropped\": 0,\n  \"internalErrors\": 0\n}\n";
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String array(String[] entries) {
        return entries.length == 0 ? "[]" : "[\n    " + String.join(",\n    ", entries) + "\n  ]";
    }
}
