package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertKinds;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static io.gilguard.apps.StateViolations.assertReported;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.apps.Harness.Stuck;
import io.gilguard.apps.StateViolations.Expected;
import io.gilguard.testsupport.Jdk;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed's deadlock (background/seed-per-thread-state-call-policy.txt): a call policy that keeps
 * one saved thread state for all threads, so that two threads restore the same one. Without
 * gilguard it hangs; under mode=enforce gilguard refuses the second restore before it can; with
 * one state per thread nothing is reported.
 */
class RestoreTest {
    static final String TOKEN = "io.gilguard.apps.restore.Py#saveThread->restoreThread";
    static final Site SAVE = Site.marked("restore", "SharedCallPolicy", "precall", "restore-save");
    static final Site RESTORE = Site.marked("restore", "SharedCallPolicy", "postcall", "restore-restore");
    /** What worker-a says once it runs as worker-b's thread state, just before its callback hangs. */
    static final String WRONG_STATE = "worker-a: back in Python as thread state #2 (its own is #1)";

    static Expected secondRestore() {
        return new Expected("STATE_RESTORED_TWICE", TOKEN, "worker-a").owner("worker-b").at(RESTORE)
                .origin("saved", SAVE).firstRestoredAt(RESTORE).note("second restore, the first on thread \"worker-b\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void withoutGilguardTwoThreadsRestoringOneStateDeadlock(Jdk jdk) throws Exception {
        Stuck stuck = Harness.runUntilStuck(jdk, "restore", null, WRONG_STATE, 2000);
        // worker-a waits in a callback's Ensure for the GIL it holds itself (it runs as worker-b's
        // state); worker-b waits to restore its state, for the GIL worker-a holds
        assertStuckIn(stuck, "worker-a", "io.gilguard.apps.restore.Py.ensure(Native Method)",
                "io.gilguard.apps.restore.Main.workerA(Main.java:");
        assertStuckIn(stuck, "worker-b", "io.gilguard.apps.restore.Py.restoreThread(Native Method)",
                "io.gilguard.apps.restore.SharedCallPolicy.postcall(SharedCallPolicy.java:" + RESTORE.line + ")");
        assertFalse(stuck.run.stdout.contains("done"), stuck.toString());
    }

    /** Audit reports the second restore as it happens, and lets it go on: the app still hangs. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void auditReportsTheSecondRestoreBeforeTheHang(Jdk jdk) throws Exception {
        Stuck stuck = Harness.runUntilStuck(jdk, "restore", rules("restore"), WRONG_STATE, 2000);
        assertTrue(stuck.run.stderrLines().contains(secondRestore().line()), stuck.toString());
        assertStuckIn(stuck, "worker-b", "io.gilguard.apps.restore.Py.restoreThread(");
    }

    /** worker-a's end is seen by the native hooks' thread end, or (native=off) by the Java-side sweep at exit. */
    @ParameterizedTest(name = "{0} native={1}")
    @MethodSource("jdksAndHooks")
    void enforceFailsFastAtTheSecondRestore(Jdk jdk, String hooks) throws Exception {
        long start = System.nanoTime();
        Run run = Harness.run(jdk, "restore", rules("restore") + ",mode=enforce,native=" + hooks, true);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(1, run.exit, "the app's own status for a refused worker\n" + run);
        assertTrue(seconds < 20, "took " + seconds + " s\n" + run);
        Expected e = secondRestore();
        assertStdout(run, "worker-a: refused: " + e.line(), "worker-b: done");
        assertFalse(run.stdout.contains("back in Python"), "worker-a never ran as the wrong state\n" + run);
        // worker-a then ended without restoring the state it saved: that is reported too
        assertKinds(run, Set.of("STATE_RESTORED_TWICE", "HELD_AT_THREAD_EXIT"), Set.of());
        assertReported(run, e);
        assertReported(run, new Expected("HELD_AT_THREAD_EXIT", TOKEN, "worker-a").origin("saved", SAVE)
                .note("token never restored"));
    }

    static Stream<Arguments> jdksAndHooks() {
        return Jdk.all().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, "on"), Arguments.of(jdk, "off")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void oneStatePerThreadIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "restore", rules("restore") + ",failOn=violation,mode=enforce", true, "fixed");
        assertSilent(run);
        assertStdout(run, "worker-a: back in Python as thread state #1 (its own is #1)", "worker-a: done",
                "worker-b: done", "both workers done");
    }

    /** The thread's section of the dump names each frame, in this order, on its stack. */
    private static void assertStuckIn(Stuck stuck, String thread, String... frames) {
        Matcher m = Pattern.compile("(?ms)^\"" + Pattern.quote(thread) + "\".*?(?=^\"|\\z)").matcher(stuck.threadDump);
        assertTrue(m.find(), "no thread " + thread + " in the dump\n" + stuck);
        String section = m.group();
        int from = 0;
        for (String frame : frames) {
            int at = section.indexOf("at " + frame, from);
            assertTrue(at >= 0, thread + " is not in " + frame + "\n" + section + "\n" + stuck);
            from = at;
        }
    }
}
