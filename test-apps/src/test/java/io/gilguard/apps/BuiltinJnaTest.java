package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in jna rule set (agent resource io/gilguard/rules/builtin/jna.rules) on JNA 5.19.1
 * itself: the application (io.gilguard.apps.builtin.Jna) calls the C of src/main/c/jnaapp.c
 * through a Library interface and lets its pthreads call a Callback back. The user's rules only
 * name the application's lock (rules/builtin-jna-app.rules).
 */
class BuiltinJnaTest {
    static final String SET = "jna";
    static final String FIRST_LINE = "# gilguard built-in rule set: jna, written for net.java.dev.jna:jna 5.19.1";
    static final List<String> JNA = List.of("jna-");
    static final Site LEAK_ACQUIRE = Site.markedInTest("builtin", "Jna", "leaking", "leak-acquire");
    /** JNA's DefaultCallbackProxy calls the callback: the crossing's outermost frame, where its leak is reported. */
    static final Site JNA_CALLBACK_PROXY = Site.library("com.sun.jna.CallbackReference$DefaultCallbackProxy", "callback",
            "CallbackReference.java", 613);

    /** Native.synchronizedLibrary's wrapper holds the NativeLibrary's monitor across the call (Native.java:1318). */
    static final Site SYNCHRONIZED_LIBRARY = Site.library("com.sun.jna.Native$4", "invoke", "Native.java", 1318);

    /** The agent jar carries the set, and its first line says what it was written for. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theAgentJarCarriesTheSet(Jdk jdk) throws Exception {
        GilguardCli.Result listed = GilguardCli.run(jdk, "rules", SET);
        assertEquals(0, listed.exit, listed.toString());
        assertEquals(FIRST_LINE, listed.stdoutLines().get(0), listed.toString());
        assertEquals(Files.readString(setFile(SET)), listed.stdout, "the jar's set is the source's\n" + listed);
    }

    /** Every rule of the set matched something (no unused-rule line), and nothing is reported. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void correctUseIsSilentAndEveryRuleOfTheSetMatches(Jdk jdk) throws Exception {
        Run run = app(jdk, "correct");
        assertSilent(run);
        assertStdout(run, "sum=5", "events=20 store free");
        assertNoUnusedRule(run, SET);
        assertClean(run);
    }

    /**
     * The listener returns holding the application's lock on a pthread JNA attaches (and detaches
     * after the call): the set's callback rule reports it at JNA's proxy, acquired at the
     * listener's line, and again as the thread ends; the next caller cannot take the lock.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aLockKeptByACallbackOnANativeThreadIsLeakedAtReturnAndAtThreadExit(Jdk jdk) throws Exception {
        Run run = app(jdk, "leak");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "app", "jna-cb").at(JNA_CALLBACK_PROXY).acquiredAt(LEAK_ACQUIRE),
                Report.of("HELD_AT_THREAD_EXIT", "app", "jna-cb").acquiredAt(LEAK_ACQUIRE).holdCount(1));
        assertStdout(run, "sum=5", "store still held");
        assertNoUnusedRule(run, SET);
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theFixedCallbackIsSilent(Jdk jdk) throws Exception {
        Run run = app(jdk, "leak", "fixed");
        assertSilent(run);
        assertStdout(run, "sum=5", "events=10 store free");
        assertNoUnusedRule(run, SET);
        assertClean(run);
    }

    /**
     * The set's comment for Native.synchronizedLibrary, proven: with its two lines in the user's
     * rules, the 300 ms call through the wrapper is one long-hold finding on the NativeLibrary's
     * monitor; the same call without the wrapper holds nothing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aSynchronizedLibraryHoldsItsMonitorAcrossTheCall(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.builtin.Jna", JNA,
                builtinRules(SET, "builtin-jna-synchronized") + ",failOn=violation", "synchronized");
        assertSilent(run);
        assertStdout(run, "slept", "sum=5", "events=20 store free");
        List<Map<String, Object>> findings = run.findings();
        assertEquals(1, findings.size(), run.toString());
        Map<String, Object> hold = findings.get(0);
        assertEquals("LONG_HOLD_ACROSS_NATIVE", hold.get("kind"), run.toString());
        assertEquals("jna.library", hold.get("lock"), run.toString());
        assertEquals("main", hold.get("thread"), run.toString());
        assertEquals(Site.nativeMethod("com.sun.jna.Native", "invokeInt").json(), hold.get("site"), run.toString());
        assertEquals(SYNCHRONIZED_LIBRARY.json(), hold.get("acquiredAt"), run.toString());
        assertNoUnusedRule(run, SET);
        assertClean(run);
    }

    private static Run app(Jdk jdk, String... args) throws Exception {
        return Harness.runWithLibraries(jdk, "io.gilguard.apps.builtin.Jna", JNA,
                builtinRules(SET, "builtin-jna-app") + ",failOn=violation", args);
    }

    /** The built-in set's source in the agent module. */
    static Path setFile(String set) {
        return Harness.MODULE.resolve("../agent/src/main/resources/io/gilguard/rules/builtin/" + set + ".rules").normalize();
    }

    /** The built-in set from the agent jar, then the user's rules file: rules=builtin:SET+FILE. */
    static String builtinRules(String set, String user) {
        return "rules=builtin:" + set + "+" + Harness.MODULE.resolve("rules/" + user + ".rules");
    }

    /**
     * The set was read from the agent jar, and nothing was said at exit about rules that matched
     * nothing: no "rule ... matched no ...", "lock '...': ..." or "builtin:SET ..." line.
     */
    static void assertNoUnusedRule(Run run, String set) {
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.startsWith("gilguard: ") && l.contains(" from builtin:" + set + "+")),
                "rules read from builtin:" + set + "\n" + run);
        List<String> unused = run.stderrLines().stream()
                .filter(l -> l.startsWith("gilguard: rule ") || l.startsWith("gilguard: lock '")
                        || l.startsWith("gilguard: builtin:"))
                .collect(Collectors.toList());
        assertEquals(List.of(), unused, "unused-rule lines\n" + run);
    }
}
