package io.gilguard.agent;

import io.gilguard.report.Outputs;
import io.gilguard.report.Suppressions;
import io.gilguard.rules.Mode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's options: {@code key=value} pairs separated by commas, as in
 * {@code -javaagent:gilguard.jar=rules=gil.rules,report=out.json,failOn=violation}.
 */
final class Options {
    static final String KNOWN = "rules, report, junit, sarif, sourceRoots, suppressions, baseline, log, stacks, "
            + "failOn, exitCode, exitWait, longHold, longWait, native, jfr, mode, tests, learn";
    /** The options that name a file or folder: {@code %p} in them is the process id, and an attach makes them absolute. */
    static final Set<String> PATHS = Set.of("rules", "report", "junit", "sarif", "sourceRoots", "suppressions", "baseline", "log", "learn");

    /** {@code rules=}: a file, a built-in set ({@code builtin:NAME}), or several joined by {@code +}; null when only learning. */
    final String rules;
    /** {@code learn=FILE}: learn mode, the proposed rules written there at exit; null when not learning. */
    final Path learn;
    /** Every file written at exit, and what they need. */
    final Outputs outputs;
    /** {@code suppressions=FILE}, or null. */
    final Path suppressionsFile;
    private Suppressions suppressions;
    /** {@code log=FILE}: gilguard's lines go there instead of the stderr found at start-up. */
    final Path log;
    final boolean failOnViolation;
    final int exitCode;
    /** How long {@code failOn} waits for the application's other shutdown hooks, in ms. */
    final int exitWaitMillis;
    final long longHoldMillis;
    /** A wait for a lock held inside native code this long is a {@code CONTENDED} finding. */
    final long longWaitMillis;
    /** For the rules that do not end with their own {@code enforce} or {@code audit}. */
    final Mode mode;
    /** Whether to load the native hooks (thread end, JNI monitors, native threads). */
    final boolean nativeHooks;
    /** {@code jfr=on}: every violation and finding is also a JFR event, when a recording is on. */
    final boolean jfr;
    /** {@code tests=fail}: a JUnit 5 test during which a violation happens fails ({@link io.gilguard.junit.Activation}). */
    final boolean failTests;

    private Options(Map<String, String> values) {
        String r = values.get("rules");
        learn = path(values, "learn");
        if ((r == null || r.isEmpty()) && learn == null) {
            throw new IllegalArgumentException("gilguard: no rules given (use -javaagent:gilguard.jar=rules=FILE, or learn=FILE to propose some)");
        }
        rules = r == null || r.isEmpty() ? null : r;
        List<Path> roots = new ArrayList<>();
        String sourceRoots = values.get("sourceRoots");
        if (sourceRoots != null) {
            for (String root : sourceRoots.split(java.io.File.pathSeparator)) {
                if (!root.isBlank()) {
                    roots.add(Path.of(root.trim()));
                }
            }
        }
        outputs = new Outputs(rules, path(values, "report"), path(values, "junit"), path(values, "sarif"), roots,
                path(values, "baseline"), number(values, "stacks", 8, 0, 64), learn);
        suppressionsFile = path(values, "suppressions");
        log = path(values, "log");
        String failOn = values.getOrDefault("failOn", "never");
        if (!failOn.equals("violation") && !failOn.equals("never")) {
            throw new IllegalArgumentException("gilguard: bad value failOn=" + failOn + " (expected violation or never)");
        }
        failOnViolation = failOn.equals("violation");
        exitCode = number(values, "exitCode", 86, 1, 255);
        exitWaitMillis = number(values, "exitWait", 10_000, 0, 600_000);
        longHoldMillis = number(values, "longHold", 100, 0, Integer.MAX_VALUE);
        longWaitMillis = number(values, "longWait", 50, 0, Integer.MAX_VALUE);
        String m = values.getOrDefault("mode", "audit");
        if (!m.equals("audit") && !m.equals("enforce")) {
            throw new IllegalArgumentException("gilguard: bad value mode=" + m + " (expected audit or enforce)");
        }
        mode = m.equals("enforce") ? Mode.ENFORCE : Mode.AUDIT;
        String nativeHooks = values.getOrDefault("native", "on");
        if (!nativeHooks.equals("on") && !nativeHooks.equals("off")) {
            throw new IllegalArgumentException("gilguard: bad value native=" + nativeHooks + " (expected on or off)");
        }
        this.nativeHooks = nativeHooks.equals("on");
        String jfr = values.getOrDefault("jfr", "on");
        if (!jfr.equals("on") && !jfr.equals("off")) {
            throw new IllegalArgumentException("gilguard: bad value jfr=" + jfr + " (expected on or off)");
        }
        this.jfr = jfr.equals("on");
        String tests = values.getOrDefault("tests", "fail");
        if (!tests.equals("fail") && !tests.equals("off")) {
            throw new IllegalArgumentException("gilguard: bad value tests=" + tests + " (expected fail or off)");
        }
        failTests = tests.equals("fail");
    }

    /**
     * Reads {@code suppressions=FILE}; throws with the one-line message of its first mistake. Not
     * in the constructor: a suppression names a kind, and the runtime's classes (Kind among them)
     * must not be loaded before they are on the bootstrap class path, lest the application's
     * loader keep a second copy.
     */
    Suppressions suppressions() {
        if (suppressions == null) {
            suppressions = suppressionsFile == null ? Suppressions.none() : Suppressions.read(suppressionsFile);
        }
        return suppressions;
    }

    static Options parse(String text) {
        return new Options(pairs(text));
    }

    /** The pairs as written, in order; throws on a pair without {@code =} or an unknown key. */
    static Map<String, String> pairs(String text) {
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
        return values;
    }

    /**
     * A file option, null if absent or empty. {@code %p} becomes this JVM's process id, so that
     * the forks of a build (Surefire's {@code forkCount}) each write their own file.
     */
    private static Path path(Map<String, String> values, String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        return Path.of(v.replace("%p", Long.toString(ProcessHandle.current().pid())));
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
