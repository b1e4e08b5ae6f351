package io.gilguard.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rule with a typo checks nothing; at exit gilguard names every rule that had nothing to act on,
 * and says which earlier rule shadowed a rule that only ever came second for its lock. With
 * {@code -Dgilguard.debug=true} it says what each rule acts on.
 */
class UnusedRulesTest {
    static final String FILE = "src/test/resources/unused-rules/typos.rules";
    static final String SHADOWED = "src/test/resources/unused-rules/shadowed.rules";
    static final String APP = "io.gilguard.apps.callback.";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void everyRuleWithNothingToActOnIsNamed(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "longcall", "rules=" + FILE, true);
        assertEquals(0, run.exit, "exit status\n" + run);
        List<String> notes = run.stderrLines().stream()
                .filter(l -> l.startsWith("gilguard: lock '") || l.startsWith("gilguard: rule "))
                .collect(Collectors.toList());
        assertEquals(List.of(
                "gilguard: lock 'nested': io.gilguard.apps.longcall.Engine.Inner.GIL was never assigned in a class"
                        + " gilguard saw, so no use of it was seen (is the name right? a nested class is written Outer$Inner)",
                "gilguard: lock 'py': no loaded class declares io.gilguard.apps.longcall.Py#ensure()"
                        + " or io.gilguard.apps.longcall.Py#release()",
                "gilguard: rule " + FILE + ":6 matched no method: downcall io.gilguard.apps.longcall.NativeLib#computer"
                        + " (native methods only)"), notes, run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aStaticLockOnAnInstanceFieldSaysSo(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "callback", "rules=src/test/resources/unused-rules/instance-field.rules", true);
        assertEquals(0, run.exit, "exit status\n" + run);
        List<String> notes = run.stderrLines().stream()
                .filter(l -> l.startsWith("gilguard: lock '") || l.startsWith("gilguard: rule "))
                .collect(Collectors.toList());
        assertEquals(List.of("gilguard: lock 'count': " + APP + "Counter.count is an instance field: write"
                + " 'lock count = field " + APP + "Counter.count' to follow the lock of every object"),
                notes, run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aShadowedRuleNamesTheRuleThatShadowsIt(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "callback", "rules=" + SHADOWED, true);
        assertEquals(0, run.exit, "exit status\n" + run);
        List<String> notes = run.stderrLines().stream()
                .filter(l -> l.startsWith("gilguard: lock '") || l.startsWith("gilguard: rule "))
                .collect(Collectors.toList());
        assertEquals(List.of(
                "gilguard: rule " + SHADOWED + ":4 matched no method of its own: upcall " + APP + "Listener#onEvent"
                        + " (shadowed at " + APP + "Counter.onEvent by rule " + SHADOWED + ":3, which names the same"
                        + " lock gil first)",
                "gilguard: rule " + SHADOWED + ":6 matched no method of its own: downcall " + APP + "NativeLib#run"
                        + " (shadowed at " + APP + "NativeLib.run by rule " + SHADOWED + ":5, which names the same"
                        + " lock gil first)",
                "gilguard: rule " + SHADOWED + ":8 matched no method of its own: upcall " + APP + "Listener#on*"
                        + " (shadowed at " + APP + "Counter.onEvent by rule " + SHADOWED + ":7, which names it first,"
                        + " with no lock either)"), notes, run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void debugSaysWhatEachRuleActsOn(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, List.of("-Dgilguard.debug=true"), "callback", "rules=" + SHADOWED, true);
        assertEquals(0, run.exit, "exit status\n" + run);
        List<String> lines = run.stderrLines();
        List<String> debug = lines.stream().filter(l -> l.startsWith("gilguard: debug: ")).collect(Collectors.toList());
        for (String expected : List.of(
                "gilguard: debug: lock 'gil' (static " + APP + "Engine.GIL) assigned in " + APP + "Engine.<clinit>",
                "gilguard: debug: rule " + SHADOWED + ":3 (upcall " + APP + "Listener#on* acquire gil) matched "
                        + APP + "Counter.onEvent",
                "gilguard: debug: rule " + SHADOWED + ":4 (upcall " + APP + "Listener#onEvent require gil) shadowed at "
                        + APP + "Counter.onEvent by rule " + SHADOWED + ":3",
                "gilguard: debug: rule " + SHADOWED + ":5 (downcall " + APP + "NativeLib#* audit gil) matched "
                        + APP + "NativeLib.run",
                "gilguard: debug: rule " + SHADOWED + ":7 (upcall " + APP + "Counter#onEvent audit) matched "
                        + APP + "Counter.onEvent")) {
            assertTrue(debug.contains(expected), "no line: " + expected + "\n" + run);
        }
        assertEquals(debug.size(), debug.stream().distinct().count(), "a debug line said twice\n" + run);
    }

    /** The debug lines of a run that ends cleanly. */
    private static List<String> debugLines(Jdk jdk, String scenario, String rules) throws Exception {
        Run run = Harness.run(jdk, List.of("-Dgilguard.debug=true"), scenario, Harness.rules(rules) + ",failOn=violation",
                true, "fixed");
        assertEquals(0, run.exit, "exit status\n" + run);
        return run.stderrLines().stream().filter(l -> l.startsWith("gilguard: debug: ")).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void debugSaysWhatPairsTokensAndStatesActOn(Jdk jdk) throws Exception {
        String rules = Harness.MODULE.resolve("rules") + "/";
        String pair = "io.gilguard.apps.pair.Py";
        assertEquals(List.of(
                "gilguard: debug: lock 'pystate' (pair " + pair + "#ensure() / " + pair + "#release()) acquires in "
                        + pair + ".ensure",
                "gilguard: debug: lock 'pystate' (pair " + pair + "#ensure() / " + pair + "#release()) releases in "
                        + pair + ".release"), debugLines(jdk, "pair", "pair-fixed"));
        String py = "io.gilguard.apps.restore.Py";
        List<String> token = debugLines(jdk, "restore", "restore");
        for (String expected : List.of(
                "gilguard: debug: rule " + rules + "restore.rules:5 (token save " + py + "#saveThread()) matched "
                        + py + ".saveThread",
                "gilguard: debug: rule " + rules + "restore.rules:5 (token restore " + py + "#restoreThread(long))"
                        + " matched " + py + ".restoreThread")) {
            assertTrue(token.contains(expected), "no line: " + expected + "\n" + token);
        }
        assertEquals(List.of("gilguard: debug: rule " + rules + "interp.rules:4 (state io.gilguard.apps.interp.Interpreter)"
                + " matched class io.gilguard.apps.interp.Interpreter"), debugLines(jdk, "interp", "interp"));
    }
}
