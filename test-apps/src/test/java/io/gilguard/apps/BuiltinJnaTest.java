package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
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

    @Test
    void theSetSaysWhatItIsFor() throws IOException {
        assertEquals(FIRST_LINE, Files.readAllLines(setFile(SET), StandardCharsets.UTF_8).get(0));
    }

    /** Every rule of the set matched something (no unused-rule line), and nothing is reported. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void correctUseIsSilentAndEveryRuleOfTheSetMatches(Jdk jdk) throws Exception {
        Run run = app(jdk, "correct");
        assertSilent(run);
        assertStdout(run, "sum=5", "events=20 store free");
        assertNoUnusedRule(run);
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
        assertNoUnusedRule(run);
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theFixedCallbackIsSilent(Jdk jdk) throws Exception {
        Run run = app(jdk, "leak", "fixed");
        assertSilent(run);
        assertStdout(run, "sum=5", "events=10 store free");
        assertNoUnusedRule(run);
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

    /** The set joined to the user's rules file: one file, the set first, as builtin:SET+FILE reads them. */
    static String builtinRules(String set, String user) throws IOException {
        Path joined = Harness.MODULE.resolve("target/builtin-rules/" + set + "+" + user + ".rules");
        Files.createDirectories(joined.getParent());
        Files.writeString(joined, Files.readString(setFile(set)) + "\n"
                + Files.readString(Harness.MODULE.resolve("rules/" + user + ".rules")));
        return "rules=" + joined;
    }

    /** No "rule ... matched no ..." or "lock '...': ..." line at exit: every rule found something. */
    static void assertNoUnusedRule(Run run) {
        List<String> unused = run.stderrLines().stream()
                .filter(l -> l.startsWith("gilguard: rule ") || l.startsWith("gilguard: lock '"))
                .collect(Collectors.toList());
        assertEquals(List.of(), unused, "unused-rule lines\n" + run);
    }
}
