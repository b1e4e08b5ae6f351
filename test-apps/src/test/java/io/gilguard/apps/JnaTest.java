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
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JNA (5.19.1, from Maven Central in test scope) calling the C of src/main/c/jnaapp.c: interface
 * mapping (a Proxy, with a FunctionMapper: CLib.sum is gg_sum), direct mapping
 * (Native.register) and callbacks from pthreads JNA attaches. The apps are test classes
 * (io.gilguard.apps.jna), run in child JVMs with JNA's jar.
 */
class JnaTest {
    static final List<String> JNA = List.of("jna-");
    static final Site ACQUIRE = Site.markedInTest("jna", "Forbid", "main", "acquire");
    static final Site INTERFACE_CALL = Site.markedInTest("jna", "Forbid", "main", "interface-call");
    /** A direct-mapped method is a native method of the application's class, reported as a JNI one is. */
    static final Site DIRECT = Site.nativeMethod("io.gilguard.apps.jna.Direct", "gg_sum");
    static final Site MAPPED = Site.nativeMethod("io.gilguard.apps.jna.Mapped", "add");
    static final Site RELEASE_ACQUIRE = Site.markedInTest("jna", "Release", "main", "acquire");
    static final Site SLEEP_CALL = Site.markedInTest("jna", "Release", "main", "sleep-call");
    static final Site FAIL_CALL = Site.markedInTest("jna", "Release", "main", "fail-call");
    static final Site COUNTER = Site.markedInTest("jna", "Counter", "onEvent", "counter-body");
    static final Site LEAK_BODY = Site.markedInTest("jna", "Callbacks", "lambda$leaking$0", "leak-body");
    static final Site LIVE_ACQUIRE = Site.markedInTest("jna", "Live", "call", "live-acquire");
    static final Site LIVE_SUM = Site.markedInTest("jna", "Live", "call", "live-sum");
    static final Site LIVE_SLEEP = Site.markedInTest("jna", "Live", "call", "live-sleep");
    static final Site REQUIRE_CALL = Site.markedInTest("jna", "Policies", "main", "require-call");
    static final Site KEEP_CALL = Site.markedInTest("jna", "Policies", "main", "keep-call");
    static final Site KEEP_ACQUIRE = Site.markedInTest("jna", "Policies", "lambda$main$1", "keep-call");
    static final Site AUDIT_ACQUIRE = Site.markedInTest("jna", "Policies", "main", "audit-acquire");
    static final Site AUDIT_CALL = Site.markedInTest("jna", "Policies", "main", "audit-call");
    static final Site LEAK_ACQUIRE = Site.markedInTest("jna", "Callbacks", "lambda$leaking$0", "leak-acquire");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aSymbolRuleChecksInterfaceAndDirectMappedCalls(Jdk jdk) throws Exception {
        Run run = app(jdk, "Forbid", "jna-forbid-symbol");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                Report.of("FORBIDDEN_HELD", "gil", "main").at(INTERFACE_CALL).symbol("gg_sum").acquiredAt(ACQUIRE),
                Report.of("FORBIDDEN_HELD", "gil", "main").at(DIRECT).acquiredAt(ACQUIRE));
        assertStdout(run, "sum=3 direct=7 mapped=11 held after: true");
        assertClean(run);
    }

    /** Under enforce the JNA call is refused before it runs: the error comes out of the interface call. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void enforceRefusesTheJnaCall(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.jna.Forbid", JNA,
                rules("jna-forbid-symbol") + ",mode=enforce");
        assertEquals(1, run.exit, "uncaught GilguardError\n" + run);
        Report refused = Report.of("FORBIDDEN_HELD", "gil", "main").at(INTERFACE_CALL).symbol("gg_sum").acquiredAt(ACQUIRE);
        List<Map<String, Object>> violations = run.violations();
        assertEquals(1, violations.size(), run.toString());
        assertTrue(refused.sameKey(violations.get(0)), run.toString());
        refused.check(violations.get(0), run.toString());
        assertTrue(run.stderrLines().contains(refused.line()), run.toString());
        assertTrue(run.stderrLines().contains("Exception in thread \"main\" io.gilguard.runtime.GilguardError: "
                + refused.line()), run.toString());
        assertTrue(run.stderrLines().contains("\tat " + INTERFACE_CALL), "thrown at the interface call\n" + run);
        assertTrue(run.stdoutLines().stream().noneMatch(l -> l.startsWith("sum=")), run.toString());
    }

    /**
     * CLib#sum names the interface method; Direct#gg_* and Mapped#add the direct-mapped native
     * methods, which still bind (Mapped's through a FunctionMapper that looks the name up in a table).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void methodRulesCheckTheLibraryInterfaceAndTheDirectMappedClass(Jdk jdk) throws Exception {
        Run run = app(jdk, "Forbid", "jna-forbid-method");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                Report.of("FORBIDDEN_HELD", "gil", "main").at(INTERFACE_CALL).acquiredAt(ACQUIRE),
                Report.of("FORBIDDEN_HELD", "gil", "main").at(DIRECT).acquiredAt(ACQUIRE),
                Report.of("FORBIDDEN_HELD", "gil", "main").at(MAPPED).acquiredAt(ACQUIRE));
        assertStdout(run, "sum=3 direct=7 mapped=11 held after: true");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void releaseAroundTheSymbolIsSilent(Jdk jdk) throws Exception {
        Run run = app(jdk, "Forbid", "jna-forbid-fixed");
        assertSilent(run);
        assertStdout(run, "sum=3 direct=7 mapped=11 held after: true");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aLongCallHoldingTheLockIsForbidden(Jdk jdk) throws Exception {
        Run run = app(jdk, "Release", "jna-release-broken");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                Report.of("FORBIDDEN_HELD", "gil", "main").at(SLEEP_CALL).symbol("gg_sleep").acquiredAt(RELEASE_ACQUIRE),
                Report.of("FORBIDDEN_HELD", "gil", "main").at(FAIL_CALL).acquiredAt(RELEASE_ACQUIRE));
        assertStdout(run, "native call took >= 400 ms: true", "progress during the call: false",
                "hold count after the call: 2", "LastErrorException errno=5", "hold count after the throw: 2");
        assertClean(run);
    }

    /** Another thread takes the lock during the call; the hold count is back after it, also after a throw. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void releaseLetsOthersProgressAndRestoresTheHoldCountAlsoWhenTheCallThrows(Jdk jdk) throws Exception {
        Run run = app(jdk, "Release", "jna-release-fixed");
        assertSilent(run);
        assertStdout(run, "native call took >= 400 ms: true", "progress during the call: true",
                "hold count after the call: 2", "LastErrorException errno=5", "hold count after the throw: 2");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void requireReportsACallbackFromANativeThreadWithoutTheLock(Jdk jdk) throws Exception {
        Run run = app(jdk, "Callbacks", "jna-callbacks-broken");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run, Report.of("REQUIRED_NOT_HELD", "gil", "jna-cb").at(COUNTER).count(4000));
        assertTrue(run.stdoutLines().stream().anyMatch(l -> l.matches("counter=\\d+ expected=4000 gil locked: false")),
                run.toString());
        assertClean(run);
    }

    /** require, acquire and audit on C symbols called through JNA, and a lock a callback inside the call kept. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void requireAcquireAuditAndALeakOnJnaCalls(Jdk jdk) throws Exception {
        Run run = app(jdk, "Policies", "jna-policies");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                Report.of("REQUIRED_NOT_HELD", "gil", "main").at(REQUIRE_CALL).symbol("gg_sum"),
                Report.of("LEAKED_AT_RETURN", "gil", "main").at(KEEP_CALL).symbol("gg_call_keep").acquiredAt(KEEP_ACQUIRE));
        assertStdout(run, "held in the callback: true, after: false", "held after call_keep: 1");
        List<Map<String, Object>> findings = run.findings();
        assertEquals(1, findings.size(), run.toString());
        Map<String, Object> hold = findings.get(0);
        assertEquals("LONG_HOLD_ACROSS_NATIVE", hold.get("kind"), run.toString());
        assertEquals("gil", hold.get("lock"), run.toString());
        assertEquals("gg_sleep", hold.get("native"), run.toString());
        assertEquals(AUDIT_CALL.json(), hold.get("site"), run.toString());
        assertEquals(AUDIT_ACQUIRE.json(), hold.get("acquiredAt"), run.toString());
        String line = "gilguard: LONG_HOLD_ACROSS_NATIVE lock=gil thread=\"main\" at " + AUDIT_CALL + " native=gg_sleep acquired at "
                + AUDIT_ACQUIRE + " held ";
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.startsWith(line) && l.contains(" ms in 1 native call of a ")
                && l.endsWith(" ms hold: gg_sleep " + ((Number) hold.get("maxMillis")).longValue() + " ms x1")), run.toString());
        assertClean(run);
    }

    /** JNA calls a callback passed to a direct-mapped method without its DefaultCallbackProxy: still the upcall. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aCallbackThroughDirectMappingIsAnUpcallToo(Jdk jdk) throws Exception {
        Run run = app(jdk, "Callbacks", "jna-callbacks-broken", "direct");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run, Report.of("REQUIRED_NOT_HELD", "gil", "jna-cb").at(COUNTER).count(200));
        assertTrue(run.stdoutLines().stream().anyMatch(l -> l.matches("direct counter=\\d+ expected=200 gil locked: false")),
                run.toString());
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void acquireAroundTheCallbackMakesTheCountExact(Jdk jdk) throws Exception {
        Run run = app(jdk, "Callbacks", "jna-callbacks-fixed");
        assertSilent(run);
        assertStdout(run, "counter=4000 expected=4000 gil locked: false");
        assertClean(run);
    }

    /** JNA detaches the thread after the callback: the lock it kept is held at the thread's end too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aLambdaCallbackThatKeepsTheLockIsLeakedAtReturnAndAtThreadExit(Jdk jdk) throws Exception {
        Run run = app(jdk, "Callbacks", "jna-leak", "leak");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "gil", "jna-cb").at(LEAK_BODY).acquiredAt(LEAK_ACQUIRE),
                Report.of("HELD_AT_THREAD_EXIT", "gil", "jna-cb").acquiredAt(LEAK_ACQUIRE).holdCount(1));
        assertStdout(run, "gil still held");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aLambdaCallbackThatGivesTheLockBackIsSilent(Jdk jdk) throws Exception {
        Run run = app(jdk, "Callbacks", "jna-leak", "leak", "fixed");
        assertSilent(run);
        assertStdout(run, "gil free");
        assertClean(run);
    }

    /** JNA's Function and the CLib proxy class were made before the attach: both rules reach them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void anAttachReachesFunctionsAndAProxyMadeBeforeIt(Jdk jdk) throws Exception {
        try (LiveApp app = LiveApp.startWithLibraries(jdk, "io.gilguard.apps.jna.Live", JNA)) {
            app.awaitStdout("jna-live: ready");
            String pid = Long.toString(app.pid());
            Result attach = GilguardCli.run(jdk, "attach", pid, "rules=rules/jna-attach.rules");
            assertEquals(0, attach.exit, attach + "\n" + app);
            String file = Harness.MODULE.resolve("rules/jna-attach.rules").toString();
            String symbolRule = "gilguard: check: rule " + file + ":4 (downcall native:gg_sum forbid gil): ";
            String methodRule = "gilguard: check: rule " + file + ":5 (downcall io.gilguard.apps.jna.CLib#sleep forbid gil): ";
            assertTrue(attach.stdoutLines().contains(symbolRule + "active for JNA function calls (com.sun.jna.Function.invoke)"),
                    attach.toString());
            assertTrue(attach.stdoutLines().stream().anyMatch(l -> l.startsWith(methodRule + "active in jdk.proxy")
                    && l.endsWith(".sleep (JNA Library proxy)")), attach.toString());

            app.send("call");
            app.awaitStdout("jna-live: called 1");
            String sum = "gilguard: FORBIDDEN_HELD lock=gil thread=\"main\" at " + LIVE_SUM + " native=gg_sum acquired at "
                    + LIVE_ACQUIRE;
            String sleep = "gilguard: FORBIDDEN_HELD lock=gil thread=\"main\" at " + LIVE_SLEEP + " acquired at " + LIVE_ACQUIRE;
            app.awaitStderr(sleep, sleep::equals);
            assertEquals(1, app.stderrCount(sum), app.toString());

            Result detach = GilguardCli.run(jdk, "detach", pid);
            assertEquals(0, detach.exit, detach.toString());
            app.send("call");
            app.awaitStdout("jna-live: called 2");
            assertEquals(1, app.stderrCount(sum), "reported once, and nothing after the detach\n" + app);
            assertEquals(1, app.stderrCount(sleep), app.toString());
            app.send("quit");
            assertEquals(0, app.awaitExit(), app.toString());
        }
    }

    private static Run app(Jdk jdk, String app, String rules, String... args) throws Exception {
        return Harness.runWithLibraries(jdk, "io.gilguard.apps.jna." + app, JNA, rules(rules) + ",failOn=violation", args);
    }
}
