package io.gilguard.apps;

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
 * {@code rules=} with built-in sets and several sources: how they are named, listed, combined,
 * refused, and what is said at exit of a set whose library was not used. Each set's own proof,
 * on its real library, is in its Builtin*Test.
 */
class BuiltinRulesTest {
    static final List<String> SETS = List.of("jna", "jnr-ffi", "lmdbjava", "rocksdb", "sqlite-jdbc", "zstd-jni");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theCliListsEverySetWithItsVersionAndPrintsOne(Jdk jdk) throws Exception {
        GilguardCli.Result list = GilguardCli.run(jdk, "rules");
        assertEquals(0, list.exit, list.toString());
        List<String> lines = list.stdout.lines().collect(Collectors.toList());
        for (String set : present()) {
            assertTrue(lines.stream().anyMatch(l -> l.matches("builtin:" + set + "  written for \\S+:\\S+ \\S+")),
                    set + "\n" + list);
        }
        GilguardCli.Result one = GilguardCli.run(jdk, "rules", present().get(0));
        assertEquals(0, one.exit, one.toString());
        assertTrue(one.stdout.startsWith("# gilguard built-in rule set: " + present().get(0) + ", written for "), one.toString());
        GilguardCli.Result unknown = GilguardCli.run(jdk, "rules", "nope");
        assertEquals(2, unknown.exit, unknown.toString());
        assertEquals("gilguard: unknown built-in rule set 'nope' (built in: " + String.join(", ", present()) + ")",
                unknown.stderr.strip(), unknown.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void anUnknownSetStopsTheJvm(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "callback", "rules=builtin:nope+" + rules("callback-broken").substring(6), false);
        assertEquals(2, run.exit, run.toString());
        assertEquals("", run.stdout, run.toString());
        assertEquals(List.of("gilguard: unknown built-in rule set 'nope' (built in: " + String.join(", ", present()) + ")"),
                run.stderrLines(), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aSetWhoseLibraryIsNotUsedIsOneLineAndTheUsersRulesStillWork(Jdk jdk) throws Exception {
        String set = present().get(0);
        Run run = Harness.run(jdk, "callback", "rules=builtin:" + set + "+" + rules("callback-broken").substring(6), true);
        assertEquals(1, run.violations().size(), run.toString());
        assertEquals("REQUIRED_NOT_HELD", run.violations().get(0).get("kind"), run.toString());
        List<String> said = run.stderrLines().stream().filter(l -> l.startsWith("gilguard: builtin:" + set))
                .collect(Collectors.toList());
        assertEquals(1, said.size(), run.toString());
        assertTrue(said.get(0).matches("gilguard: builtin:" + set + ": none of its \\d+ rules met anything: \\S+:\\S+ was not used in this run"),
                run.toString());
        assertTrue(run.stderrLines().get(0).endsWith(" from builtin:" + set + "+" + rules("callback-broken").substring(6)), run.toString());
    }

    /** The sets in this build's agent jar, as the CLI lists them (all six once every set has landed). */
    private static List<String> present() {
        return SETS.stream().filter(s -> BuiltinRulesTest.class.getClassLoader()
                .getResource("io/gilguard/rules/builtin/" + s + ".rules") != null).collect(Collectors.toList());
    }
}
