package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.GilguardCli.Result;
import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Native methods reached through a supertype: an abstract class's methods and interface methods
 * implemented by native methods, called through the supertype holding a lock that a
 * {@code forbid} rule names. At start-up the native methods are wrapped; attached, the calls
 * through the supertypes get a boundary that the receiver's class enters or not: a Java
 * implementation, called through the very same calls holding the lock, is no native call and
 * must stay silent. The site reported is the native method, as for a direct call.
 */
class SupertypeTest {
    static final String RULES = Harness.MODULE.resolve("rules/supertype.rules").toString();
    static final Site HELD = Site.marked("supertype", "Rounds", "nativesHoldingTheGil", "held");
    static final Site JAVA_HELD = Site.marked("supertype", "Rounds", "javaHoldingTheGil", "java-held");
    static final Site LATE_HELD = Site.marked("supertype", "Late", "run", "late-held");
    static final Site STEP = Site.nativeMethod("supertype", "NativeStepper", "step");
    static final Site SCALE = Site.nativeMethod("supertype", "NativeStepper", "scale");
    static final Site COMPUTE = Site.nativeMethod("supertype", "NativeApi", "compute");
    static final Site LATE_COMPUTE = Site.nativeMethod("supertype", "LateApi", "compute");
    static final Site ENCODE = Site.nativeMethod("supertype", "NativeCodec", "encode");
    static final String LIVE = "-Dgilguard.apps.supertype.mode=live";

    /** The loop's reports, then thread "late"'s; none acquired where the Java implementations are called. */
    static List<Report> expected() {
        return List.of(
                Report.of("FORBIDDEN_HELD", "gil", "looper").at(STEP).acquiredAt(HELD),
                Report.of("FORBIDDEN_HELD", "gil", "looper").at(SCALE).acquiredAt(HELD),
                Report.of("FORBIDDEN_HELD", "gil", "looper").at(COMPUTE).acquiredAt(HELD),
                Report.of("FORBIDDEN_HELD", "gil", "late").at(LATE_COMPUTE).acquiredAt(LATE_HELD),
                Report.of("FORBIDDEN_HELD", "gil", "late").at(ENCODE).acquiredAt(LATE_HELD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void atStartUpTheWrappedNativeMethodsReportCallsThroughSupertypes(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "supertype", rules("supertype") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertTrue(run.stdoutLines().contains("supertype-app: done after 20 rounds, 0 errors"), run.toString());
        List<Report> expected = expected().stream().map(r -> r.thread.equals("looper") ? r.count(20) : r)
                .collect(Collectors.toList());
        assertReports(run, expected.toArray(new Report[0]));
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void atStartUpTheFixedTwinIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "supertype", rules("supertype") + ",failOn=violation", true, "fixed");
        assertSilent(run);
        assertTrue(run.stdoutLines().contains("supertype-app: done after 20 rounds, 0 errors"), run.toString());
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void attachedTheReceiverDecidesWhetherACallThroughASupertypeIsADowncall(Jdk jdk) throws Exception {
        try (LiveApp app = LiveApp.start(jdk, "supertype", List.of(LIVE, "-XX:+EnableDynamicAgentLoading"))) {
            app.awaitStdout("supertype-app: running");
            String pid = Long.toString(app.pid());
            Result attach = GilguardCli.run(jdk, "attach", pid, "rules=rules/supertype.rules");
            assertEquals(0, attach.exit, attach + "\n" + app);
            assertSelfCheck(attach);

            List<Report> expected = expected();
            for (Report r : expected.subList(0, 3)) {
                app.awaitStderr(r.line(), r.line()::equals);
            }
            // two native implementations loaded only now: through calls rewritten at the attach
            app.send("late");
            app.awaitStdout("supertype-app: late done");
            for (Report r : expected.subList(3, 5)) {
                app.awaitStderr(r.line(), r.line()::equals);
            }
            app.send("sync");
            app.awaitStdout("supertype-app: synced");

            Result json = GilguardCli.run(jdk, "report", pid, "--json");
            assertEquals(0, json.exit, json.toString());
            assertJsonReport(json, expected);

            Result detach = GilguardCli.run(jdk, "detach", pid);
            assertEquals(0, detach.exit, detach.toString());
            app.send("stop");
            assertEquals(0, app.awaitExit(), "the app ends normally, every result right\n" + app);
            assertTrue(app.stdoutLines().get(app.stdoutLines().size() - 1)
                    .matches("supertype-app: done after \\d+ rounds, 0 errors"), app.toString());
            // each said once, and nothing of the Java implementations called holding the lock
            List<String> said = violationLines(app);
            assertEquals(expected.stream().map(Report::line).sorted().collect(Collectors.toList()),
                    said.stream().sorted().collect(Collectors.toList()), app.toString());
            assertTrue(said.stream().noneMatch(l -> l.contains(JAVA_HELD.toString())), app.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void attachedTheFixedTwinIsSilent(Jdk jdk) throws Exception {
        try (LiveApp app = LiveApp.start(jdk, "supertype", List.of(LIVE + ",fixed", "-XX:+EnableDynamicAgentLoading"))) {
            app.awaitStdout("supertype-app: running");
            String pid = Long.toString(app.pid());
            Result attach = GilguardCli.run(jdk, "attach", pid, "rules=rules/supertype.rules");
            assertEquals(0, attach.exit, attach + "\n" + app);
            assertSelfCheck(attach);
            app.send("late");
            app.awaitStdout("supertype-app: late done");
            app.send("sync");
            app.awaitStdout("supertype-app: synced");

            Result report = GilguardCli.run(jdk, "report", pid);
            assertEquals(0, report.exit, report.toString());
            assertTrue(report.stdoutLines().contains("violations: 0 distinct"), report.toString());
            Result detach = GilguardCli.run(jdk, "detach", pid);
            assertEquals(0, detach.exit, detach.toString());
            app.send("stop");
            assertEquals(0, app.awaitExit(), app.toString());
            assertEquals(List.of(), violationLines(app), app.toString());
        }
    }

    /** Each rule is active at the calls through the supertypes its native methods implement. */
    static void assertSelfCheck(Result attach) {
        String pkg = "io.gilguard.apps.supertype.";
        List<String> check = attach.stdoutLines().stream().filter(l -> l.startsWith("gilguard: check: "))
                .collect(Collectors.toList());
        assertEquals(List.of(
                "gilguard: check: lock 'gil' = static " + pkg + "Engine.GIL: followed, a java.util.concurrent.locks.ReentrantLock",
                "gilguard: check: rule " + RULES + ":6 (downcall " + pkg + "NativeStepper#* forbid gil): active at call"
                        + " sites " + pkg + "Rounds.scaleThrough -> Stepper.scale (through NativeStepper), " + pkg
                        + "Rounds.stepThrough -> Stepper.step (through NativeStepper)",
                "gilguard: check: rule " + RULES + ":7 (downcall " + pkg + "*Api#compute forbid gil): active at call"
                        + " sites " + pkg + "Rounds.computeThrough -> Api.compute (through NativeApi)",
                "gilguard: check: rule " + RULES + ":7 (downcall " + pkg + "*Api#compute forbid gil): not seen: a call"
                        + " through a supertype or interface in a class loaded before the first native implementation"
                        + " this rule matches there, when that is loaded after the attach (a class named without '*'"
                        + " is found through the calling class's loader)",
                "gilguard: check: rule " + RULES + ":8 (downcall " + pkg + "NativeCodec#encode forbid gil): active at"
                        + " call sites " + pkg + "Rounds.encodeThrough -> Codec.encode (through NativeCodec)"),
                check, attach.toString());
        assertEquals("", attach.stderr, attach.toString());
    }

    @SuppressWarnings("unchecked")
    static void assertJsonReport(Result json, List<Report> expected) {
        Map<String, Object> report = (Map<String, Object>) Json.parse(json.stdout);
        List<Map<String, Object>> violations = (List<Map<String, Object>>) report.get("violations");
        assertEquals(expected.size(), violations.size(), json.toString());
        for (Report r : expected) {
            Map<String, Object> v = violations.stream().filter(r::sameKey).findFirst()
                    .orElseThrow(() -> new AssertionError(r.line() + " missing\n" + json));
            assertEquals(r.thread, v.get("thread"), json.toString());
            assertTrue((Long) v.get("count") >= 1, json.toString());
        }
        assertEquals(0L, report.get("internalErrors"), json.toString());
    }

    static List<String> violationLines(LiveApp app) throws Exception {
        return app.stderrLines().stream().filter(l -> Harness.KINDS.stream().anyMatch(l::contains))
                .collect(Collectors.toList());
    }
}
