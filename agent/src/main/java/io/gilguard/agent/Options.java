package io.gilguard.agent;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's options: {@code key=value} pairs separated by commas, as in
 * {@code -javaagent:gilguard.jar=rules=gil.rules,report=out.json,failOn=violation}.
 */
final class Options {
    static final String KNOWN = "rules, report, failOn, exitCode, longHold, native";

    final Path rules;
    final Path report;
    final boolean failOnViolation;
    final int exitCode;
    final long longHoldMillis;
    /** Whether to load the native hooks (thread end, JNI monitors, native threads). */
    final boolean nativeHooks;

    private Options(Map<String, String> values) {
        String r = values.get("rules");
        if (r == null || r.isEmpty()) {
            throw new IllegalArgumentException("gilguard: no rules given (use -javaagent:gilguard.jar=rules=FILE)");
        }
        rules = Path.of(r);
        String report = values.get("report");
        this.report = report == null || report.isEmpty() ? null : Path.of(report);
        String failOn = values.getOrDefault("failOn", "never");
        if (!failOn.equals("violation") && !failOn.equals("never")) {
            throw new IllegalArgumentException("gilguard: bad value failOn=" + failOn + " (expected violation or never)");
        }
        failOnViolation = failOn.equals("violation");
        exitCode = number(values, "exitCode", 86, 1, 255);
        longHoldMillis = number(values, "longHold", 100, 0, Integer.MAX_VALUE);
        String nativeHooks = values.getOrDefault("native", "on");
        if (!nativeHooks.equals("on") && !nativeHooks.equals("off")) {
            throw new IllegalArgumentException("gilguard: bad value native=" + nativeHooks + " (expected on or off)");
        }
        this.nativeHooks = nativeHooks.equals("on");
    }

    static Options parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("gilguard: bad option '" + pair + "' (expected key=value; known: " + KNOWN + ")");
                }
                String key = pair.substring(0, eq).trim();
                if (!(", " + KNOWN + ",").contains(", " + key + ",")) {
                    throw new IllegalArgumentException("gilguard: unknown option '" + key + "' (known: " + KNOWN + ")");
                }
                values.put(key, pair.substring(eq + 1).trim());
            }
        }
        return new Options(values);
    }

    private static int number(Map<String, String> values, String key, int otherwise, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("gilguard: bad value " + key + "=" + v + " (expected a number from " + min + " to " + max + ")");
    }
}
