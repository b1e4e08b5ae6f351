package io.gilguard.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.GilguardCli.Result;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attach CLI on a machine with no processor to spare: while more CPU-bound threads than
 * there are cores spin in this JVM, {@code report}, {@code detach} and a new {@code attach} are
 * run on the "attach" app twenty times in a row, and each one works the first time. Each
 * command's time is printed, for the record of what a busy machine costs.
 */
class SaturatedAttachTest {
    static final int ROUNDS = 20;
    /** The app's and the spinning threads' bound: far more than the rounds take. */
    static final long SECONDS = 900;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void reportDetachAndAttachAgainTwentyTimesWithBothCoresBusy(Jdk jdk) throws Exception {
        List<String> options = List.of("-Dgilguard.apps.attach.seconds=" + SECONDS);
        try (LiveApp app = LiveApp.startFor(jdk, "attach", options, SECONDS);
                Saturation busy = Saturation.start(SECONDS)) {
            app.awaitStdout(AttachTest.RUNNING);
            String pid = Long.toString(app.pid());
            Timing timing = new Timing();
            assertAttached(timing.run("attach", jdk, "attach", pid, "rules=rules/attach.rules"), app);
            long start = System.nanoTime();
            for (int round = 1; round <= ROUNDS; round++) {
                String when = "round " + round + " of " + ROUNDS + ", " + busy.threads() + " threads spinning\n";
                Result report = timing.run("report", jdk, "report", pid);
                assertEquals(0, report.exit, when + report + "\n" + app);
                assertTrue(report.stdoutLines().get(0).startsWith("gilguard 0.1.0-SNAPSHOT in process " + pid + ", attached "),
                        when + report);
                assertEquals("", report.stderr, when + report);

                Result detach = timing.run("detach", jdk, "detach", pid);
                assertEquals(0, detach.exit, when + detach + "\n" + app);
                List<String> lines = detach.stdoutLines();
                assertTrue(lines.get(lines.size() - 1).matches("gilguard: detached after \\d+ s; the application runs"
                        + " unchecked"), when + detach);
                assertEquals("", detach.stderr, when + detach);

                assertAttached(timing.run("attach", jdk, "attach", pid, "rules=rules/attach.rules"), app);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            System.out.println("saturated (" + busy.threads() + " threads spinning) on " + jdk + ": " + ROUNDS
                    + " rounds of report, detach, attach in " + seconds + " s; " + timing);
            assertEquals(0, timing.run("detach", jdk, "detach", pid).exit);
            app.send("stop");
            assertEquals(0, app.awaitExit(), app.toString());
            app.assertLinesEnded();
        }
    }

    private static void assertAttached(Result attach, LiveApp app) {
        assertEquals(0, attach.exit, attach + "\n" + app);
        assertEquals("", attach.stderr, attach.toString());
    }

    /** The slowest and the mean time of each command. */
    private static final class Timing {
        private final java.util.Map<String, long[]> byCommand = new java.util.LinkedHashMap<>();

        Result run(String name, Jdk jdk, String... args) throws Exception {
            long t = System.nanoTime();
            Result r = GilguardCli.run(jdk, args);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
            long[] m = byCommand.computeIfAbsent(name, k -> new long[3]);
            m[0] = Math.max(m[0], millis);
            m[1] += millis;
            m[2]++;
            return r;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            byCommand.forEach((name, m) -> b.append(String.format(Locale.ROOT, "%s%s max %.1f s mean %.1f s (%d)",
                    b.length() == 0 ? "" : ", ", name, m[0] / 1000.0, m[1] / 1000.0 / m[2], m[2])));
            return b.toString();
        }
    }
}
