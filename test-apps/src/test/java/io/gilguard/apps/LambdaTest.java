package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.GilguardCli.Result;
import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Callbacks written as lambdas, called from native threads: an upcall rule on the interface
 * covers the lambda's body, and the report names the body's line.
 */
class LambdaTest {
    static final Site BODY = Site.marked("lambda", "Counting", "lambda$listener$0", "lambda-body");
    static final Site LEAK_BODY = Site.marked("lambda", "Leaky", "lambda$leaking$0", "leak-body");
    static final Site LEAK_ACQUIRE = Site.marked("lambda", "Leaky", "lambda$leaking$0", "leak-acquire");
    static final Site REFERENCE = Site.marked("lambda", "Handlers", "reference", "method-reference");
    static final Site REFERENCED = Site.marked("lambda", "Handlers", "onEvent", "referenced");
    static final Site SERIALIZABLE = Site.marked("lambda", "Handlers", "serializable", "serializable");
    static final Site BOUND = Site.marked("lambda", "Ticks", "tick", "bound-referenced");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void requireReportsALambdaCalledWithoutTheLock(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "lambda", rules("lambda-broken") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // native-cb-0 makes the first call before the other threads start; all 4 x 1000 are counted
        assertReports(run, Report.of("REQUIRED_NOT_HELD", "gil", "native-cb-0").at(BODY).count(4000));
        assertTrue(run.stdoutLines().stream().anyMatch(l -> l.matches("counter=\\d+ expected=4000")), run.toString());
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void acquireAroundTheLambdaMakesTheCountExact(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "lambda", rules("lambda-fixed") + ",failOn=violation", true);
        assertSilent(run);
        assertStdout(run, "counter=4000 expected=4000");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aLambdaThatKeepsTheLockIsLeakedAtReturn(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "lambda", rules("lambda-leak") + ",failOn=violation", true, "leak");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // native-cb-0 then detaches holding the lock: HELD_AT_THREAD_EXIT at its end
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "gil", "native-cb-0").at(LEAK_BODY).acquiredAt(LEAK_ACQUIRE),
                Report.of("HELD_AT_THREAD_EXIT", "gil", "native-cb-0").acquiredAt(LEAK_ACQUIRE).holdCount(1));
        assertStdout(run, "gil still held");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aLambdaThatGivesTheLockBackIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "lambda", rules("lambda-leak") + ",failOn=violation", true, "leak", "fixed");
        assertSilent(run);
        assertStdout(run, "gil free");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aMethodReferenceIsCheckedAtTheReferencedMethod(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "lambda", rules("lambda-broken") + ",failOn=violation", true, "reference");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run, Report.of("REQUIRED_NOT_HELD", "gil", "native-cb-0").at(REFERENCED).count(10),
                Report.of("REQUIRED_NOT_HELD", "gil", "native-cb-0").at(BOUND).count(10));
        assertStdout(run, "reference called, ticks=10");
        String rule = Harness.MODULE.resolve("rules/lambda-broken.rules") + ":5";
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.startsWith("gilguard: rule " + rule + ": the lambda lambda$serializable$")
                && l.endsWith(" made in io.gilguard.apps.lambda.Handlers.serializable (line " + SERIALIZABLE.line + ") implements"
                        + " io.gilguard.apps.lambda.Listener#onEvent and is not checked: it is serializable, and checking it"
                        + " would change what it serializes to")), "the serializable lambda is said to be unchecked\n" + run);
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aLambdaMadeBeforeAnAttachIsChecked(Jdk jdk) throws Exception {
        try (LiveApp app = LiveApp.start(jdk, "lambda", List.of("-Dgilguard.apps.lambda.mode=live"))) {
            app.awaitStdout("lambda-app: ready");
            String pid = Long.toString(app.pid());
            Result attach = GilguardCli.run(jdk, "attach", pid, "rules=rules/lambda-broken.rules");
            assertEquals(0, attach.exit, attach + "\n" + app);
            String rule = Harness.MODULE.resolve("rules/lambda-broken.rules") + ":5";
            String check = "gilguard: check: rule " + rule + " (upcall io.gilguard.apps.lambda.Listener#onEvent require gil):"
                    + " active in io.gilguard.apps.lambda.Counting.lambda$listener$0";
            assertTrue(attach.stdoutLines().contains(check), "expected: " + check + "\n" + attach);

            app.send("fire");
            app.awaitStdout("lambda-app: fired 1");
            String line = "gilguard: REQUIRED_NOT_HELD lock=gil thread=\"native-cb-0\" at " + BODY;
            app.awaitStderr(line, line::equals);
            // a loaded class cannot gain the bridge a method reference needs: said, not checked
            String note = "gilguard: rule " + rule + ": the method reference io.gilguard.apps.lambda.Handlers::onEvent"
                    + " made in io.gilguard.apps.lambda.Handlers.reference (line " + REFERENCE.line + ") implements"
                    + " io.gilguard.apps.lambda.Listener#onEvent and is not checked: at attach a loaded class cannot"
                    + " gain the bridge that would check it";
            assertTrue(app.stderrLines().contains(note), "expected: " + note + "\n" + app);
            assertEquals(0, app.stderrLines().stream().filter(l -> l.contains("Handlers.onEvent")).count(), app.toString());

            Result detach = GilguardCli.run(jdk, "detach", pid);
            assertEquals(0, detach.exit, detach.toString());
            app.send("fire");
            app.awaitStdout("lambda-app: fired 2");
            assertEquals(1, app.stderrCount(line), "reported once, and nothing after the detach\n" + app);
            app.send("quit");
            assertEquals(0, app.awaitExit(), app.toString());
        }
    }
}
