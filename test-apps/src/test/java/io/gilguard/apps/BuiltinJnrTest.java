package io.gilguard.apps;

import static io.gilguard.apps.BuiltinJnaTest.assertNoUnusedRule;
import static io.gilguard.apps.BuiltinJnaTest.builtinRules;
import static io.gilguard.apps.BuiltinJnaTest.setFile;
import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in jnr-ffi rule set (agent resource io/gilguard/rules/builtin/jnr-ffi.rules) on
 * jnr-ffi 2.2.19 and jffi 1.3.15 themselves: the application (io.gilguard.apps.builtin.Jnr) calls
 * the C of src/main/c/jnaapp.c through an interface jnr-ffi implements (gg_sum through a compiled
 * stub), libc's strlen through jffi's Foreign.invoke*, and lets the C's pthreads call a @Delegate
 * callback back. The user's rules only name the application's lock (rules/builtin-jnr-app.rules).
 */
class BuiltinJnrTest {
    static final String SET = "jnr-ffi";
    static final String FIRST_LINE = "# gilguard built-in rule set: jnr-ffi, written for com.github.jnr:jnr-ffi 2.2.19";
    /** jnr-ffi, its assemblers and ASM, jffi and jffi's native stubs: one jar each. */
    static final List<String> JNR = List.of("jnr-ffi-", "jnr-a64asm-", "jnr-x86asm-", "jffi-1.3.15.jar",
            "jffi-1.3.15-native.jar", "asm-9", "asm-commons-", "asm-analysis-", "asm-tree-", "asm-util-");
    static final Site LEAK_ACQUIRE = Site.markedInTest("builtin", "Jnr", "leaking", "leak-acquire");
    /** The class jnr-ffi generates for the app's one callback interface; jffi's closure calls its invoke. */
    static final Site CLOSURE_PROXY = Site.generated("jnr.ffi.provider.jffi.NativeClosureProxy$$impl$$0", "invoke");

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
        assertStdout(run, "sum=5 strlen=4", "events=20 store free");
        assertNoUnusedRule(run, SET);
        assertClean(run);
    }

    /**
     * The callback returns holding the application's lock on a pthread jffi attaches (an unnamed
     * Thread-N): the set's closure rule reports it at jnr-ffi's generated proxy, acquired at the
     * callback's line, and again as the thread ends; the next caller cannot take the lock.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aLockKeptByACallbackOnANativeThreadIsLeakedAtReturnAndAtThreadExit(Jdk jdk) throws Exception {
        Run run = app(jdk, "leak");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        String thread = run.violations().isEmpty() ? "none" : (String) run.violations().get(0).get("thread");
        assertTrue(thread.matches("Thread-\\d+"), "the native thread jffi attached\n" + run);
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "app", thread).at(CLOSURE_PROXY).acquiredAt(LEAK_ACQUIRE),
                Report.of("HELD_AT_THREAD_EXIT", "app", thread).acquiredAt(LEAK_ACQUIRE).holdCount(1));
        assertStdout(run, "sum=5 strlen=4", "store still held");
        assertNoUnusedRule(run, SET);
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theFixedCallbackIsSilent(Jdk jdk) throws Exception {
        Run run = app(jdk, "leak", "fixed");
        assertSilent(run);
        assertStdout(run, "sum=5 strlen=4", "events=10 store free");
        assertNoUnusedRule(run, SET);
        assertClean(run);
    }

    private static Run app(Jdk jdk, String... args) throws Exception {
        return Harness.runWithLibraries(jdk, "io.gilguard.apps.builtin.Jnr", JNR,
                builtinRules(SET, "builtin-jnr-app") + ",failOn=violation", args);
    }
}
