package io.gilguard.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.GilguardCli.Result;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds older than an attach (app "older"): a thread that held a lock before gilguard came, and
 * gives it back after, is not reported for a release gilguard never saw the acquisition of,
 * where the lock cannot be asked (a method pair; a monitor, once exited); such releases are
 * counted and said at detach. A ReentrantLock is asked: its release is judged as before. What
 * the threads do after the attach is judged in full, and named at the caller's line even where
 * the caller still runs the code it had before the attach.
 */
class OlderHoldsTest {
    static final String RULES = "rules=rules/older.rules";
    static final String HOLDS = "older-app: keeper holds";
    static final String LET_GO = "older-app: keeper let go";
    static final Site STRAY = Site.marked("older", "Main", "stray", "older-stray");
    static final Site STRAY_UNLOCK = Site.marked("older", "Keeper", "strayUnlock", "older-stray-unlock");
    static final Site FOREIGN_EXIT = Site.marked("older", "Main", "main", "older-foreign-exit");
    static final Site TAKE = Site.marked("older", "Main", "take", "older-take");
    static final Site STEAL = Site.marked("older", "Main", "main", "older-steal");
    static final Site BIND = Site.marked("older", "Main", "bindSession", "older-bind");
    static final Site RESTORE = Site.marked("older", "Main", "main", "older-restore");
    static final Site SAVE = Site.marked("older", "Main", "saveToken", "older-save");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void releasesOfHoldsOlderThanTheAttachAreNotJudged(Jdk jdk) throws Exception {
        try (LiveApp app = LiveApp.start(jdk, "older", List.of())) {
            app.awaitStdout("older-app: ready");
            String pid = Long.toString(app.pid());
            // the pair, the ReentrantLock and the monitor, taken before the attach
            app.send("hold");
            app.awaitStdout(HOLDS);
            Result attach = GilguardCli.run(jdk, "attach", pid, RULES);
            assertEquals(0, attach.exit, attach + "\n" + app);

            // given back after it: the pair's exit is seen, its enter never was; the unlock and the
            // monitor's exit run in the keeper's old code, which calls no hook
            app.send("release");
            app.awaitStdout(LET_GO);
            // taken again, now seen, and held across a detach and a new attach, which starts afresh
            app.send("hold");
            app.awaitStdout(HOLDS, 2);
            Result detach = GilguardCli.run(jdk, "detach", pid);
            assertEquals(0, detach.exit, detach.toString());
            assertTrue(detach.stdoutLines().contains("gilguard: 1 release of a hold older than the attach was not judged"),
                    detach.toString());
            Result again = GilguardCli.run(jdk, "attach", pid, RULES);
            assertEquals(0, again.exit, again + "\n" + app);

            // the frame that took them runs the first attach's code: the pair's exit and the monitor's
            // exit call their hooks with nothing in the ledger; the ReentrantLock says it is held
            app.send("release");
            app.awaitStdout(LET_GO, 2);
            Result detachAgain = GilguardCli.run(jdk, "detach", pid);
            assertEquals(0, detachAgain.exit, detachAgain.toString());
            assertTrue(detachAgain.stdoutLines().contains("gilguard: 2 releases of holds older than the attach were not"
                    + " judged"), detachAgain.toString());

            app.send("stop");
            assertEquals(0, app.awaitExit(), app.toString());
            assertEquals(List.of(), violationLines(app), "no violation from missing history\n" + app);
            assertTrue(app.stderrLines().contains("gilguard: 2 releases of holds older than the attach were not judged"),
                    "the target's stderr says it too\n" + app);
            app.assertLinesEnded();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void whatThreadsDoAfterTheAttachIsJudgedAtTheCallersLine(Jdk jdk) throws Exception {
        try (LiveApp app = LiveApp.start(jdk, "older", List.of())) {
            app.awaitStdout("older-app: ready");
            String pid = Long.toString(app.pid());
            Result attach = GilguardCli.run(jdk, "attach", pid, RULES);
            assertEquals(0, attach.exit, attach + "\n" + app);

            // a thread made after the attach has no older holds: its stray exit is judged, and named
            // where the method reference was run
            app.send("stray");
            app.awaitStdout("older-app: stray done");
            // a ReentrantLock is asked, also on a thread older than the attach
            app.send("unlock");
            app.awaitStdout("older-app: unlock done");
            // main, in its old code, exits what "taker" entered, and binds what "binder" bound
            app.send("foreign");
            app.awaitStdout("older-app: foreign done");
            app.send("steal");
            app.awaitStdout("older-app: steal done, session bound to main");
            app.send("restore");
            app.awaitStdout("older-app: restore done");
            List<String> expected = List.of(
                    Report.of("UNPAIRED_RELEASE", "interp", "stray").at(STRAY).line(),
                    Report.of("UNPAIRED_RELEASE", "config", "keeper").at(STRAY_UNLOCK).line(),
                    Report.of("FOREIGN_RELEASE", "interp", "main").owner("taker").at(FOREIGN_EXIT).acquiredAt(TAKE).line(),
                    "gilguard: FOREIGN_STATE state=io.gilguard.apps.older.Session thread=\"main\" owner=\"binder\" at "
                            + STEAL + " bound at " + BIND + " (bind while bound to another thread)",
                    "gilguard: STATE_RESTORED_TWICE state=io.gilguard.apps.older.Saver#save->restore thread=\"main\""
                            + " owner=\"saver\" at " + RESTORE + " saved at " + SAVE
                            + " (restored by a thread that did not save it)");
            app.awaitStderr(expected.get(4), expected.get(4)::equals);
            assertEquals(expected, violationLines(app), app.toString());

            Result json = GilguardCli.run(jdk, "report", pid, "--json");
            assertEquals(0, json.exit, json.toString());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> violations = (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(json.stdout))
                    .get("violations");
            Map<String, Object> foreign = violations.stream().filter(v -> v.get("kind").equals("FOREIGN_RELEASE"))
                    .findFirst().orElseThrow(() -> new AssertionError(json.toString()));
            assertEquals("taker", foreign.get("owner"), json.toString());
            assertEquals(FOREIGN_EXIT.json(), foreign.get("site"), json.toString());

            Result detach = GilguardCli.run(jdk, "detach", pid);
            assertEquals(0, detach.exit, detach.toString());
            assertTrue(detach.stdoutLines().stream().noneMatch(l -> l.contains("not judged")), detach.toString());
            app.send("stop");
            assertEquals(0, app.awaitExit(), app.toString());
            app.assertLinesEnded();
        }
    }

    static List<String> violationLines(LiveApp app) throws Exception {
        return app.stderrLines().stream().filter(l -> Harness.KINDS.stream().anyMatch(k -> l.startsWith("gilguard: " + k + " ")))
                .collect(Collectors.toList());
    }
}
