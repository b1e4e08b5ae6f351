package io.gilguard.report;

import io.gilguard.runtime.OlderHolds;
import io.gilguard.runtime.Releases;
import io.gilguard.runtime.Stderr;
import io.gilguard.runtime.Tokens;
import java.util.List;
import java.util.function.Supplier;

/**
 * What happens at shutdown: the table of what each lock cost ({@link HoldTable}) is said, the
 * files are written, a one-line summary is said, and with
 * {@code failOn=violation} the JVM's exit status becomes {@code exitCode} when a violation was
 * seen that no test failed for and no suppression matched. There is no portable way to change
 * the status from a shutdown hook but halting; so this hook first waits for the application's
 * other hooks (at most {@code exitWait} ms, {@link AppExit}), and leaves a non-zero status the
 * application chose as it is.
 */
public final class AtExit {
    private AtExit() {}

    /** What {@code failOn} needs. */
    public static final class FailOn {
        final boolean violation;
        final int exitCode;
        final long waitMillis;
        final AppExit app;

        /** {@code app}: null unless {@code violation}. */
        public FailOn(boolean violation, int exitCode, long waitMillis, AppExit app) {
            this.violation = violation;
            this.exitCode = exitCode;
            this.waitMillis = waitMillis;
            this.app = app;
        }
    }

    /**
     * {@code unusedRules}: a line per rule that had nothing to act on, said before the summary.
     * Returns the hook, for a detach to remove.
     */
    public static Thread install(Outputs outputs, FailOn failOn, String version, Supplier<List<String>> unusedRules) {
        Thread hook = new Thread("gilguard-exit") { // not a lambda (NoLambdaTest)
            @Override
            public void run() {
                // Without a thread-end hook, the threads that ended with a token unrestored are found now.
                Tokens.sweep();
                for (String line : unusedRules.get()) {
                    Stderr.line("gilguard: " + line);
                }
                AtExit.run(outputs, failOn, version);
            }
        };
        Runtime.getRuntime().addShutdownHook(hook);
        if (failOn.app != null) {
            failOn.app.hooksKnown();
        }
        return hook;
    }

    private static void run(Outputs outputs, FailOn failOn, String version) {
        Releases.judge();
        for (String line : HoldTable.lines(Tally.now().findings)) {
            Stderr.line(line);
        }
        Stderr.line(summary(outputs, version));
        for (String line : OlderHolds.said()) {
            Stderr.line("gilguard: " + line);
        }
        if (!failOn.violation) {
            return;
        }
        List<?> failing = Tally.now().notFailedByTests();
        if (failing.isEmpty()) {
            return;
        }
        // the other hooks first: a log flushed, a file written, the application's exit unharmed
        String late = failOn.app.awaitOtherHooks(failOn.waitMillis);
        if (late != null) {
            Stderr.line("gilguard: failOn=violation: " + late);
        }
        int chosen = failOn.app.status();
        if (chosen > 0) {
            Stderr.line("gilguard: failOn=violation: the application's exit status " + chosen + " stands");
            return;
        }
        Stderr.line("gilguard: failOn=violation: exit status " + failOn.exitCode);
        Runtime.getRuntime().halt(failOn.exitCode);
    }

    /**
     * Writes the files asked for and returns the line that sums up the run: at exit, and at a
     * detach (whose shutdown hook is gone then, so the files are written now).
     */
    public static String summary(Outputs outputs, String version) {
        Tally tally = Tally.now();
        long violations = tally.occurrences;
        int distinct = tally.violations.size();
        String summary = "gilguard: " + violations + " violation" + (violations == 1 ? "" : "s")
                + " (" + distinct + " distinct)";
        if (!tally.suppressed.isEmpty()) {
            summary += ", " + tally.suppressed.size() + " suppressed";
        }
        if (!tally.findings.isEmpty()) {
            summary += ", " + Words.plural(tally.findings.size(), "finding");
        }
        for (String file : outputs.write(version)) {
            summary += ", " + file;
        }
        return summary;
    }
}
