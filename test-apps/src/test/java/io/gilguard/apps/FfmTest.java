package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gilguard.apps.GilguardCli.Result;
import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * C called through FFM (JDK 22+): {@code downcall native:SYMBOL} rules at downcall handles, found
 * by every lookup; {@code upcall} rules at upcall stubs of every shape of target, on a pthread.
 * On a JDK before 22 (or where the app could not be compiled) each test is skipped, saying why.
 */
class FfmTest {
    static final Site ACQUIRE = Site.markedInFfm("ffm", "Main", "calls", "ffm-acquire");
    static final Site COMPUTE = Site.markedInFfm("ffm", "Main", "calls", "compute-call");
    static final Site SUM = Site.markedInFfm("ffm", "Main", "calls", "sum-call");
    static final Site GETPID = Site.markedInFfm("ffm", "Main", "calls", "getpid-call");
    static final Site ANY = Site.markedInFfm("ffm", "Main", "calls", "any-call");
    static final Site STATIC_TICK = Site.markedInFfm("ffm", "Ticks", "staticTick", "static-tick");
    static final Site BOUND_TICK = Site.markedInFfm("ffm", "Ticks", "boundTick", "bound-tick");
    static final Site INSTANCE_TICK = Site.markedInFfm("ffm", "Ticks$Counter", "onTick", "instance-tick");
    static final Site LAMBDA_TICK = Site.markedInFfm("ffm", "Ticks", "lambda$lambda$0", "lambda-tick");
    static final Site LEAK_BODY = Site.markedInFfm("ffm", "Ticks", "lambda$leaking$0", "leak-body");
    static final Site LEAK_ACQUIRE = Site.markedInFfm("ffm", "Ticks", "lambda$leaking$0", "leak-acquire");
    static final Site REQUIRE_CALL = Site.markedInFfm("ffm", "Main", "policies", "require-call");
    static final Site AUDIT_ACQUIRE = Site.markedInFfm("ffm", "Main", "policies", "audit-acquire");
    static final Site AUDIT_CALL = Site.markedInFfm("ffm", "Main", "policies", "audit-call");
    static final Site KEEP_CALL = Site.markedInFfm("ffm", "Main", "policies", "keep-call");
    static final Site KEEP_ACQUIRE = Site.markedInFfm("ffm", "Ticks", "keepTick", "keep-acquire");
    static final Site LIVE_ACQUIRE = Site.markedInFfm("ffm", "Main", "liveCall", "live-acquire");
    static final Site LIVE_AFTER = Site.markedInFfm("ffm", "Main", "liveCall", "live-after");

    /** Skips the test, saying why, on a JDK without the final FFM API or where the app was not built. */
    static void assumeFfm(Jdk jdk) {
        int feature = jdk.feature();
        assumeTrue(feature >= 22, "FFM (java.lang.foreign) is final in JDK 22; " + jdk + " is JDK " + feature);
        assumeTrue(Files.isRegularFile(Harness.MODULE.resolve("target/classes/io/gilguard/apps/ffm/Main.class")),
                "the ffm app was not compiled: it needs a JDK 22+ javac (profile ffm, /usr/lib/jvm/temurin-25-jdk-amd64)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void forbidReportsEachDowncallAtItsInvokeExactWithTheSymbol(Jdk jdk) throws Exception {
        assumeFfm(jdk);
        Run run = Harness.run(jdk, "ffm", rules("ffm-forbid") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // loaderLookup, libraryLookup, defaultLookup, and a handle given its address at the call
        assertDowncalls(run, "FORBIDDEN_HELD", List.of(COMPUTE, SUM, GETPID, ANY),
                List.of("ffm_compute", "ffm_sum", "getpid", "ffm_compute"));
        assertStdout(run, "progress during native call: 0", "sum=6 pid=true quick=true");
        assertClean(run);
    }

    /**
     * The JDK's native library class is loaded before {@code premain}; its advice (which names the
     * symbols FFM lookups find) waits for the first lookup's interface to load. A program under a
     * {@code native:} rule that makes no FFM lookup (its one native method is JNI's) does not have
     * that class rewritten, and its rule still checks the JNI method; the
     * FFM program above has the library advised, after {@code SymbolLookup} loads and before any
     * handle is made, and its reports (the test above) name each symbol.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theLibraryIsAdvisedAtTheFirstLookupNotAtStartUp(Jdk jdk, @TempDir Path dir) throws Exception {
        assumeFfm(jdk);
        String library = "jdk.internal.loader.NativeLibraries$NativeLibraryImpl";
        ClassLoadLog jni = ClassLoadLog.of(dir.resolve("jni.log"));
        Run longcall = Harness.run(jdk, jni.jvmOptions(), "longcall", rules("longcall-symbol") + ",failOn=violation",
                true);
        assertEquals(Harness.VIOLATION_EXIT, longcall.exit, "exit status\n" + longcall);
        assertEquals(List.of("FORBIDDEN_HELD"), longcall.violations().stream().map(v -> (String) v.get("kind"))
                .distinct().toList(), longcall.toString());
        assertTrue(jni.loads().stream().noneMatch(l -> l.name.equals(library) && ClassLoadLog.REDEFINED.equals(l.source)),
                longcall.toString());

        ClassLoadLog ffm = ClassLoadLog.of(dir.resolve("ffm.log"));
        Run run = Harness.run(jdk, ffm.jvmOptions(), "ffm", rules("ffm-forbid") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        List<String> order = ffm.loads().stream()
                .filter(l -> l.name.equals("java.lang.foreign.SymbolLookup")
                        || l.name.equals(library) && ClassLoadLog.REDEFINED.equals(l.source))
                .map(l -> l.name.equals(library) ? "library advised" : "SymbolLookup").toList();
        assertEquals(List.of("library advised", "SymbolLookup"), order, run.toString());
    }

    /**
     * The other policies at FFM downcalls: require (reported at the invokeExact), acquire (the
     * callback inside the call has the GIL, and it is given back after), audit (a long hold is a
     * finding there), and a downcall whose callback takes the GIL returns holding it. A handle of a
     * function pointer C handed out is said to be out of every rule's reach.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void requireAcquireAuditAndALockKeptInsideTheCall(Jdk jdk) throws Exception {
        assumeFfm(jdk);
        Run run = Harness.run(jdk, "ffm", rules("ffm-policies") + ",failOn=violation,longHold=100", true, "policies");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                Report.of("REQUIRED_NOT_HELD", "gil", "main").at(REQUIRE_CALL).symbol("ffm_sum"),
                Report.of("LEAKED_AT_RETURN", "gil", "main").at(KEEP_CALL).symbol("ffm_keep").acquiredAt(KEEP_ACQUIRE));
        List<Map<String, Object>> findings = run.findings();
        assertEquals(1, findings.size(), "findings\n" + run);
        Map<String, Object> hold = findings.get(0);
        assertEquals("LONG_HOLD_ACROSS_NATIVE", hold.get("kind"), run.toString());
        assertEquals("gil", hold.get("lock"), run.toString());
        assertEquals(AUDIT_CALL.json(), hold.get("site"), run.toString());
        assertEquals("ffm_compute", hold.get("native"), run.toString());
        assertEquals(AUDIT_ACQUIRE.json(), hold.get("acquiredAt"), run.toString());
        assertTrue(((Number) hold.get("maxMillis")).longValue() >= 150, run.toString());
        assertStdout(run, "sum=6 held in the callback: true, after: false", "audited call took >= 150 ms: true",
                "held after the call that kept it: 1", "through a function pointer: 0");
        // a handle of an address no lookup named: no rule can reach it, said once
        assertEquals(1, run.stderrLines().stream().filter(l -> l.equals("gilguard: an FFM downcall handle was made for an"
                + " address no symbol lookup gilguard saw had found (a function pointer from C, MemorySegment.ofAddress, a"
                + " lookup made before an attach): no native: rule can name its calls")).count(), run.toString());
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void enforceStopsTheDowncallBeforeItRuns(Jdk jdk) throws Exception {
        assumeFfm(jdk);
        Run run = Harness.run(jdk, "ffm", rules("ffm-forbid") + ",mode=enforce", true);
        assertEquals(1, run.exit, "the app ends with the error\n" + run);
        String line = downcallLine("FORBIDDEN_HELD", COMPUTE, "ffm_compute");
        assertTrue(run.stderrLines().contains("Exception in thread \"main\" io.gilguard.runtime.GilguardError: " + line),
                run.toString());
        assertTrue(run.stderrLines().contains("\tat " + COMPUTE), "the trace starts at the invokeExact\n" + run);
        assertTrue(run.stdoutLines().stream().noneMatch(l -> l.startsWith("native call took")), "the call never ran\n" + run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void releaseLetsOthersProgressAndRestoresTheHoldCount(Jdk jdk) throws Exception {
        assumeFfm(jdk);
        Run run = Harness.run(jdk, "ffm", rules("ffm-release") + ",failOn=violation", true);
        assertSilent(run);
        assertTrue(progress(run) > 0, "progress during the call\n" + run);
        assertStdout(run, "native call took >= 400 ms: true", "hold count after call: 2 (expected 2)",
                "sum=6 pid=true quick=true");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void releaseTakesTheLockBackWhenTheCallThrows(Jdk jdk) throws Exception {
        assumeFfm(jdk);
        Run run = Harness.run(jdk, "ffm", rules("ffm-release") + ",failOn=violation", true, "fail");
        assertSilent(run);
        assertStdout(run, "exception from the call: IllegalStateException",
                "hold count after failing call: 2 (expected 2)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void requireReportsEveryShapeOfUpcallTargetOnANativeThread(Jdk jdk) throws Exception {
        assumeFfm(jdk);
        Run run = Harness.run(jdk, "ffm", rules("ffm-require-broken") + ",failOn=violation", true, "native");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // a static method, one with a bound argument, an instance method, a lambda: 25 calls each
        assertReports(run,
                Report.of("REQUIRED_NOT_HELD", "gil", "ffm-native-0").at(STATIC_TICK).count(25),
                Report.of("REQUIRED_NOT_HELD", "gil", "ffm-native-0").at(BOUND_TICK).count(25),
                Report.of("REQUIRED_NOT_HELD", "gil", "ffm-native-0").at(INSTANCE_TICK).count(25),
                Report.of("REQUIRED_NOT_HELD", "gil", "ffm-native-0").at(LAMBDA_TICK).count(25));
        assertStdout(run, "tick calls=100 held=0");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void acquireAroundEveryUpcallOnANativeThreadIsSilent(Jdk jdk) throws Exception {
        assumeFfm(jdk);
        Run run = Harness.run(jdk, "ffm", rules("ffm-require-fixed") + ",failOn=violation", true, "native");
        assertSilent(run);
        assertStdout(run, "tick calls=100 held=100");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aLambdaUpcallThatKeepsTheLockIsLeakedAtReturnAndAtThreadExit(Jdk jdk) throws Exception {
        assumeFfm(jdk);
        Run run = Harness.run(jdk, "ffm", rules("ffm-leak") + ",failOn=violation", true, "leak");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // the pthread FFM attached for the upcall ends holding the GIL
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "gil", "ffm-native-0").at(LEAK_BODY).acquiredAt(LEAK_ACQUIRE),
                Report.of("HELD_AT_THREAD_EXIT", "gil", "ffm-native-0").acquiredAt(LEAK_ACQUIRE).holdCount(1));
        assertStdout(run, "gil held by an ended thread: true");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aLambdaUpcallThatGivesTheLockBackIsSilent(Jdk jdk) throws Exception {
        assumeFfm(jdk);
        Run run = Harness.run(jdk, "ffm", rules("ffm-leak") + ",failOn=violation", true, "leak-fixed");
        assertSilent(run);
        assertStdout(run, "gil held by an ended thread: false");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void atAttachHandlesMadeBeforeStayUncheckedAndTheSelfCheckSaysSo(Jdk jdk) throws Exception {
        assumeFfm(jdk);
        try (LiveApp app = LiveApp.start(jdk, "ffm", List.of("-Dgilguard.apps.ffm.mode=live"))) {
            app.send("call");
            app.awaitStdout("ffm-app: called 1 true");
            String pid = Long.toString(app.pid());
            Result attach = GilguardCli.run(jdk, "attach", pid, "rules=rules/ffm-forbid.rules");
            assertEquals(0, attach.exit, attach + "\n" + app);
            String check = "gilguard: check: rule " + Harness.MODULE.resolve("rules/ffm-forbid.rules") + ":7"
                    + " (downcall native:getpid forbid gil): active at FFM downcall handles made from now on; a handle"
                    + " made before the attach is not checked, nor one made from an address looked up before the attach";
            assertTrue(attach.stdoutLines().contains(check), "expected: " + check + "\n" + attach);

            app.send("call");
            app.awaitStdout("ffm-app: called 2 true");
            // the handle made before the attach (GETPID) is not checked; the one made after is
            String line = "gilguard: FORBIDDEN_HELD lock=gil thread=\"main\" at " + LIVE_AFTER + " native=getpid"
                    + " acquired at " + LIVE_ACQUIRE;
            app.awaitStderr(line, line::equals);
            assertEquals(List.of(line), app.stderrLines().stream().filter(l -> l.contains("FORBIDDEN_HELD"))
                    .collect(Collectors.toList()), app.toString());

            Result detach = GilguardCli.run(jdk, "detach", pid);
            assertEquals(0, detach.exit, detach.toString());
            // a handle made while attached keeps its wrapper, which enters no boundary any more
            app.send("call");
            app.awaitStdout("ffm-app: called 3 true");
            app.send("quit");
            assertEquals(0, app.awaitExit(), app.toString());
        }
    }

    /** {@code gilguard: KIND lock=gil thread="main" at SITE native=SYMBOL acquired at ACQUIRE}. */
    private static String downcallLine(String kind, Site site, String symbol) {
        return "gilguard: " + kind + " lock=gil thread=\"main\" at " + site + " native=" + symbol + " acquired at " + ACQUIRE;
    }

    /** Exactly these reports, in this order, each once, with the symbol in the report and on stderr. */
    private static void assertDowncalls(Run run, String kind, List<Site> sites, List<String> symbols) {
        List<String> lines = new ArrayList<>();
        List<Map<String, Object>> violations = run.violations();
        assertEquals(sites.size(), violations.size(), "violations\n" + run);
        for (int i = 0; i < sites.size(); i++) {
            Site site = sites.get(i);
            String symbol = symbols.get(i);
            List<Map<String, Object>> same = violations.stream()
                    .filter(v -> site.json().equals(v.get("site")) && symbol.equals(v.get("native")))
                    .collect(Collectors.toList());
            assertEquals(1, same.size(), kind + " at " + site + " native=" + symbol + "\n" + run);
            Map<String, Object> v = same.get(0);
            assertEquals(kind, v.get("kind"), run.toString());
            assertEquals("gil", v.get("lock"), run.toString());
            assertEquals("main", v.get("thread"), run.toString());
            assertEquals(ACQUIRE.json(), v.get("acquiredAt"), run.toString());
            assertEquals(1L, v.get("count"), run.toString());
            lines.add(downcallLine(kind, site, symbol));
        }
        assertEquals(lines, run.kindLines(), "violation lines on stderr\n" + run);
        assertEquals(0L, run.report().get("internalErrors"), "internalErrors\n" + run);
    }

    private static int progress(Run run) {
        String prefix = "progress during native call: ";
        return run.stdoutLines().stream().filter(l -> l.startsWith(prefix))
                .map(l -> Integer.parseInt(l.substring(prefix.length()))).findFirst()
                .orElseThrow(() -> new AssertionError("no progress line\n" + run));
    }
}
