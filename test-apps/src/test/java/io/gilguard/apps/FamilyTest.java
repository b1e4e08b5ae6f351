package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lock families: {@code monitor CLASS} (a connection's monitor, taken by a synchronized native
 * method, a synchronized method, a synchronized block and JNI MonitorEnter) and
 * {@code field CLASS.FIELD} (each engine's own ReentrantLock). Each object is its own lock for
 * pairing, policies ask about any member, and reports name the object.
 */
class FamilyTest {
    static final Site BUSY = Site.marked("family", "Sleeper", "onBusy", "busy");
    static final Site PREPARE = Site.nativeMethod("family", "Db", "prepare");
    static final Site STEP = Site.marked("family", "Db", "step", "step");
    static final Site BLOCK = Site.marked("family", "Main", "busy", "block");
    static final Site LIVE_BLOCK = Site.marked("family", "Main", "blocked", "live-block");
    static final Site ENGINE_ACQUIRE = Site.marked("family", "Worker", "onEvent", "engine-acquire");
    static final Site PAIR_ACQUIRE = Site.marked("family", "Main", "pairing", "pair-acquire");
    static final Site WRONG_UNLOCK = Site.marked("family", "Main", "pairing", "wrong-unlock");
    static final Site FOREIGN_UNLOCK = Site.marked("family", "Main", "lambda$pairing$1", "foreign-unlock");
    static final Site ENTER_ONLY = Site.nativeMethod("family", "NativeLib", "enterOnly");
    static final String JNI = "entered through JNI MonitorEnter";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void forbidSeesTheMonitorOfEveryWayItIsTaken(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "family", rules("family-busy-broken") + ",failOn=violation", true, "busy");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        String db = printed(run, "db=");
        assertReports(run,
                Report.of("FORBIDDEN_HELD", "db", "main").object(db).at(BUSY).acquiredAt(PREPARE),
                Report.of("FORBIDDEN_HELD", "db", "main").object(db).at(BUSY).acquiredAt(STEP),
                Report.of("FORBIDDEN_HELD", "db", "main").object(db).at(BUSY).acquiredAt(BLOCK));
        assertStdout(run, "busy handler called 3 times");
        assertTrue(run.stdoutLines().stream().anyMatch(l -> l.startsWith("waiter waited ")), run.toString());
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void requireIsMetByTheMonitorHeld(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "family", rules("family-busy-fixed") + ",failOn=violation", true, "busy");
        assertSilent(run);
        assertStdout(run, "busy handler called 3 times");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void requireWithNoMemberHeldIsReported(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "family", rules("family-busy-fixed") + ",failOn=violation", true, "unheld");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run, Report.of("REQUIRED_NOT_HELD", "db", "main").at(BUSY));
        assertClean(run);
    }

    /** The same connection named as a static lock: forbid gives the JVM's answer where the ledger saw nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void forbidOnAStaticMonitorAsksTheJvm(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "family", rules("family-static-broken") + ",failOn=violation", true, "busy");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // the synchronized native method and the synchronized method: taken where gilguard did not see
        assertReports(run,
                Report.of("FORBIDDEN_HELD", "db", "main").at(BUSY).count(2),
                Report.of("FORBIDDEN_HELD", "db", "main").at(BUSY).acquiredAt(BLOCK));
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void requireOnAStaticMonitorIsMet(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "family", rules("family-static-fixed") + ",failOn=violation", true, "busy");
        assertSilent(run);
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aCallbackThatKeepsOneEnginesLockIsReportedForThatEngine(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "family", rules("family-engine") + ",failOn=violation", true, "engine");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        String a = printed(run, "a=");
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "engine", "native-cb-0").object(a).at(ENGINE_ACQUIRE).acquiredAt(ENGINE_ACQUIRE),
                Report.of("HELD_AT_THREAD_EXIT", "engine", "native-cb-0").object(a).acquiredAt(ENGINE_ACQUIRE).holdCount(1));
        assertStdout(run, "engine a still held", "engine b free");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aCallbackThatGivesTheLockBackIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "family", rules("family-engine") + ",failOn=violation", true, "engine", "fixed");
        assertSilent(run);
        assertStdout(run, "engine a free", "engine b free");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void eachEnginesLockIsPairedOnItsOwn(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "family", rules("family-pairing") + ",failOn=violation", true, "pairing");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        String a = printed(run, "a=");
        String b = printed(run, "b=");
        assertReports(run,
                Report.of("UNPAIRED_RELEASE", "engine", "main").object(b).at(WRONG_UNLOCK),
                Report.of("FOREIGN_RELEASE", "engine", "other").object(a).owner("main").at(FOREIGN_UNLOCK)
                        .acquiredAt(PAIR_ACQUIRE));
        assertStdout(run, "b: IllegalMonitorStateException", "a: IllegalMonitorStateException", "pairing done");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void pairedEngineLocksAreSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "family", rules("family-pairing") + ",failOn=violation", true, "pairing", "fixed");
        assertSilent(run);
        assertStdout(run, "pairing done");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aMonitorEnteredThroughJniIsAMember(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "family", rules("family-jni") + ",failOn=violation", true, "jni");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        String db = printed(run, "db=");
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "db", "jni-holder").object(db).at(ENTER_ONLY).acquiredAt(ENTER_ONLY).note(JNI),
                Report.of("HELD_AT_THREAD_EXIT", "db", "jni-holder").object(db).acquiredAt(ENTER_ONLY).note(JNI));
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aMonitorExitedThroughJniIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "family", rules("family-jni") + ",failOn=violation", true, "jni", "fixed");
        assertSilent(run);
        assertStdout(run, "jni done");
        assertClean(run);
    }

    /**
     * Objects made before the attach: an engine's lock is learned where the field is read, a
     * synchronized method and block are followed from their next call; a synchronized native
     * method cannot be, and the self-check says so.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void familiesOfObjectsMadeBeforeAnAttach(Jdk jdk) throws Exception {
        try (LiveApp app = LiveApp.start(jdk, "family", List.of("-Dgilguard.apps.family.mode=live"))) {
            app.awaitStdout("family-app: ready");
            String pid = Long.toString(app.pid());
            GilguardCli.Result attach = GilguardCli.run(jdk, "attach", pid, "rules=rules/family-live.rules");
            assertEquals(0, attach.exit, attach + "\n" + app);
            String check = "gilguard: check: lock 'db': synchronized native methods are not followed after an attach"
                    + " (the JVM enters their monitor where an attach cannot add code; their synchronized callers and"
                    + " blocks are): io.gilguard.apps.family.Db.prepare";
            assertTrue(attach.stdoutLines().contains(check), "expected: " + check + "\n" + attach);
            for (String line : List.of(
                    "gilguard: check: lock 'db' = monitor io.gilguard.apps.family.Db: followed in synchronized blocks"
                            + " and methods from their next call; a monitor entered before the attach is not in the ledger",
                    "gilguard: check: lock 'engine' = field io.gilguard.apps.family.Engine.lock: objects made before"
                            + " the attach are met where the field is read, new ones where it is assigned")) {
                assertTrue(attach.stdoutLines().contains(line), "expected: " + line + "\n" + attach);
            }

            app.send("fire");
            app.awaitStdout("family-app: fired 1");
            String db = printed(app.stdoutLines(), "db=");
            String a = printed(app.stdoutLines(), "a=");
            List<String> expected = List.of(
                    Report.of("FORBIDDEN_HELD", "db", "main").object(db).at(BUSY).acquiredAt(STEP).line(),
                    Report.of("FORBIDDEN_HELD", "db", "main").object(db).at(BUSY).acquiredAt(LIVE_BLOCK).line(),
                    Report.of("LEAKED_AT_RETURN", "engine", "native-cb-0").object(a).at(ENGINE_ACQUIRE)
                            .acquiredAt(ENGINE_ACQUIRE).line(),
                    Report.of("HELD_AT_THREAD_EXIT", "engine", "native-cb-0").object(a).acquiredAt(ENGINE_ACQUIRE)
                            .holdCount(1).line());
            String last = expected.get(expected.size() - 1);
            app.awaitStderr(last, last::equals);
            List<String> reported = app.stderrLines().stream().filter(l -> l.matches("gilguard: [A-Z_]+ lock=.*"))
                    .collect(Collectors.toList());
            assertEquals(expected, reported, app.toString());

            GilguardCli.Result detach = GilguardCli.run(jdk, "detach", pid);
            assertEquals(0, detach.exit, detach.toString());
            app.send("quit");
            assertEquals(0, app.awaitExit(), app.toString());
        }
    }

    private static String printed(Run run, String prefix) throws java.io.IOException {
        return printed(run.stdoutLines(), prefix);
    }

    /** What the app printed after {@code prefix}: the identity of one of its objects. */
    private static String printed(List<String> stdout, String prefix) {
        return stdout.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + prefix + "' line in " + stdout));
    }
}
