package io.gilguard.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A rule with a typo checks nothing; at exit gilguard names every rule that had nothing to act on. */
class UnusedRulesTest {
    static final String FILE = "src/test/resources/unused-rules/typos.rules";

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
}
