package io.gilguard.apps;

import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's own lines, and bad rules and bad options: one error line, exit 2, and the app
 * never starts.
 */
class AgentOptionsTest {
    static final String BAD = "src/test/resources/bad-rules/";

    /** JDK x (file, the token the error points at, expected message or null when unspecified). */
    static Stream<Arguments> badRules() {
        List<String[]> cases = List.of(
                new String[] {"unknown-rule", "lokc", "unknown rule 'lokc' (expected lock, downcall, upcall, state or token)"},
                new String[] {"unknown-lock", "gli", "unknown lock 'gli' (defined: gil)"},
                new String[] {"bad-policy", "requre",
                    "unknown policy 'requre' (expected require, forbid, acquire, release or audit)"},
                new String[] {"lock-without-equals", "lock gil static", null},
                new String[] {"bad-state-owner", "maker", "unknown owner 'maker' (expected creator or binder(BIND[, UNBIND]))"},
                new String[] {"bad-token-arrow", "to", "expected '->' between the save and the restore method, found 'to'"});
        return Jdk.all().stream().flatMap(jdk -> cases.stream().map(c -> Arguments.of(jdk, c[0], c[1], c[2])));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("badRules")
    void malformedRulesStopTheJvm(Jdk jdk, String name, String token, String message) throws Exception {
        String file = BAD + name + ".rules";
        Run run = Harness.run(jdk, "callback", "rules=" + file, false);
        assertEquals(2, run.exit, "exit status\n" + run);
        assertEquals("", run.stdout, "main must not run\n" + run);
        assertEquals(1, run.stderrLines().size(), "stderr lines\n" + run);
        String line = run.stderrLines().get(0);

        // where the token is: its line, and its column (1-based) outside comments
        List<String> lines = Files.readAllLines(Harness.MODULE.resolve(file));
        int at = -1;
        int col = -1;
        for (int n = 0; n < lines.size() && at == -1; n++) {
            // a comment starts at a '#' that begins a word (Class#method has one inside a word)
            String code = lines.get(n).replaceAll("(^|\\s)#.*", "");
            Matcher m = Pattern.compile("(?<![\\w.])" + Pattern.quote(token) + "(?![\\w.])").matcher(code);
            if (m.find()) {
                at = n + 1;
                col = m.start() + 1;
            }
        }
        assertTrue(at > 0, "token '" + token + "' not in " + file);
        if (message != null) {
            assertEquals(file + ":" + at + ":" + col + ": " + message, line, run.toString());
        } else {
            assertTrue(line.matches(Pattern.quote(file + ":" + at + ":") + "\\d+: \\S.*"), "error line: " + line);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void unknownOptionStopsTheJvm(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "callback", rules("callback-broken") + ",foo=1", false);
        assertEquals(2, run.exit, "exit status\n" + run);
        assertEquals("", run.stdout, "main must not run\n" + run);
        assertEquals(1, run.stderrLines().size(), "stderr lines\n" + run);
        assertTrue(run.stderrLines().get(0).startsWith("gilguard: unknown option 'foo'"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void badModeStopsTheJvm(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "callback", rules("callback-broken") + ",mode=strict", false);
        assertEquals(2, run.exit, "exit status\n" + run);
        assertEquals("", run.stdout, "main must not run\n" + run);
        assertEquals(List.of("gilguard: bad value mode=strict (expected audit or enforce)"), run.stderrLines(), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void missingRulesFileStopsTheJvm(Jdk jdk) throws Exception {
        String file = BAD + "no-such-file.rules";
        Run run = Harness.run(jdk, "callback", "rules=" + file, false);
        assertEquals(2, run.exit, "exit status\n" + run);
        assertEquals("", run.stdout, "main must not run\n" + run);
        assertEquals(1, run.stderrLines().size(), "stderr lines\n" + run);
        assertTrue(run.stderrLines().get(0).contains(file), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void everyAgentLineStartsWithThePrefix(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "callback", rules("callback-broken"), true);
        assertEquals(1, run.kindLines().size(), "the violation line\n" + run);
        Harness.assertAgentLinesPrefixed(run);
    }
}
