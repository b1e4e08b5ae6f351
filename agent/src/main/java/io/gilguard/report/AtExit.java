package io.gilguard.report;

import io.gilguard.runtime.OlderHolds;
import io.gilguard.runtime.Stderr;
import io.gilguard.runtime.Tokens;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * What happens at shutdown: the report file is written, a one-line summary is said, and with
 * {@code failOn=violation} the JVM's exit status becomes {@code exitCode} when any violation was
 * seen. There is no portable way to change the status from a shutdown hook but halting, so this
 * hook halts, after its own work; it is the last thing gilguard does.
 */
public final class AtExit {
    private AtExit() {}

    /**
     * {@code unusedRules}: a line per rule that had nothing to act on, said before the summary.
     * Returns the hook, for a detach to remove.
     */
    public static Thread install(Path report, boolean failOnViolation, int exitCode, String version,
                               Supplier<List<String>> unusedRules) {
        Thread hook = new Thread(() -> {
            // Without a thread-end hook, the threads that ended with a token unrestored are found now.
            Tokens.sweep();
            for (String line : unusedRules.get()) {
                Stderr.line("gilguard: " + line);
            }
            run(report, failOnViolation, exitCode, version);
        }, "gilguard-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void run(Path report, boolean failOnViolation, int exitCode, String version) {
        Stderr.line(summary(report, version));
        for (String line : OlderHolds.said()) {
            Stderr.line("gilguard: " + line);
        }
        if (failOnViolation && Tally.now().violations.size() > 0) {
            Stderr.line("gilguard: failOn=violation: exit status " + exitCode);
            Runtime.getRuntime().halt(exitCode);
        }
    }

    /**
     * Writes the report file, if there is one, and returns the line that sums up the run: at
     * exit, and at a detach (whose shutdown hook is gone then, so the file is written now).
     */
    public static String summary(Path report, String version) {
        Tally tally = Tally.now();
        long violations = tally.occurrences;
        int distinct = tally.violations.size();
        String summary = "gilguard: " + violations + " violation" + (violations == 1 ? "" : "s")
                + " (" + distinct + " distinct)";
        if (!tally.findings.isEmpty()) {
            summary += ", " + Words.plural(tally.findings.size(), "finding");
        }
        if (report != null) {
            try {
                JsonReport.write(report, version);
                summary += ", report " + report;
            } catch (Exception e) {
                summary += ", report " + report + " not written: " + e;
            }
        }
        return summary;
    }
}
