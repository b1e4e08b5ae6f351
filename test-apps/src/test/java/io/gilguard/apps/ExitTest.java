package io.gilguard.apps;

import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing lost at exit: gilguard's lines reach the stderr it found at start-up (or log=FILE);
 * failOn waits for the application's own shutdown hooks and keeps a status the application
 * chose; %p keeps the files of several JVMs apart; suppressions and a baseline; the stack under
 * each violation line.
 */
class ExitTest {
    static final String UNPAIRED = "gilguard: UNPAIRED_RELEASE lock=gil thread=\"main\" at ";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void failOnWaitsForTheApplicationsHookThenSetsTheStatus(Jdk jdk, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("hook.txt");
        Run run = Harness.run(jdk, "exit", rules("exit") + ",failOn=violation", true, "hook", "700", file.toString());
        assertEquals(86, run.exit, run.toString());
        assertTrue(Files.isRegularFile(file), "the application's hook did not finish\n" + run);
        assertEquals("gilguard: failOn=violation: exit status 86", last(run), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theApplicationsOwnExitStatusStands(Jdk jdk, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("hook.txt");
        Run run = Harness.run(jdk, "exit", rules("exit") + ",failOn=violation", true, "hook", "200", file.toString(), "exit", "3");
        assertEquals(3, run.exit, run.toString());
        assertTrue(Files.isRegularFile(file), run.toString());
        assertEquals("gilguard: failOn=violation: the application's exit status 3 stands", last(run), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aHookSlowerThanExitWaitIsNamed(Jdk jdk, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("hook.txt");
        Run run = Harness.run(jdk, "exit", rules("exit") + ",failOn=violation,exitWait=200", true, "hook", "20000", file.toString());
        assertEquals(86, run.exit, run.toString());
        assertFalse(Files.exists(file), run.toString());
        assertTrue(run.stderrLines().contains(
                "gilguard: failOn=violation: shutdown hook \"app-hook\" still running after exitWait=200 ms"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aFixedRunExitsAsTheApplicationChose(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "exit", rules("exit") + ",failOn=violation", true, "fixed", "exit", "5");
        assertEquals(5, run.exit, run.toString());
        assertEquals(List.of(), run.kindLines(), run.toString());
        assertFalse(run.stderr.contains("failOn"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void linesSurviveASwappedAndClosedSystemErr(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "exit", rules("exit") + ",failOn=violation", true, "swap-err");
        assertEquals(86, run.exit, run.toString());
        assertTrue(run.stderr.contains(UNPAIRED), run.toString());
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.startsWith("gilguard: 1 violation (1 distinct), report ")), run.toString());
        assertEquals("gilguard: failOn=violation: exit status 86", last(run), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void logFileTakesEveryLine(Jdk jdk, @TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("logs/gilguard-%p.log");
        Run run = Harness.run(jdk, "exit", rules("exit") + ",log=" + log, true);
        assertEquals(0, run.exit, run.toString());
        assertFalse(run.stderr.contains("gilguard"), run.toString());
        List<Path> logs = list(tmp.resolve("logs"));
        assertEquals(1, logs.size(), logs.toString());
        assertTrue(logs.get(0).getFileName().toString().matches("gilguard-\\d+\\.log"), logs.toString());
        String text = Files.readString(logs.get(0));
        assertTrue(text.contains(UNPAIRED) && text.contains("gilguard: 1 violation (1 distinct)"), text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void percentPGivesEachJvmItsOwnReport(Jdk jdk, @TempDir Path tmp) throws Exception {
        String report = ",report=" + tmp.resolve("gilguard-%p.json");
        Run broken = Harness.run(jdk, "exit", rules("exit") + report, false);
        Run fixed = Harness.run(jdk, "exit", rules("exit") + report, false, "fixed");
        assertEquals(0, broken.exit + fixed.exit, broken + "\n" + fixed);
        List<Path> reports = list(tmp);
        assertEquals(2, reports.size(), reports.toString());
        long withViolation = reports.stream().filter(p -> read(p).contains("\"UNPAIRED_RELEASE\"")).count();
        assertEquals(1, withViolation, reports.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theStackFollowsTheLine(Jdk jdk) throws Exception {
        Site unpaired = Site.marked("exit", "Main", "unpaired", "exit-unpaired");
        Run run = Harness.run(jdk, "exit", rules("exit") + ",stacks=2", true);
        List<String> lines = run.stderr.lines().collect(Collectors.toList());
        int at = indexOf(lines, UNPAIRED);
        assertTrue(at >= 0, run.toString());
        assertEquals("\tat io.gilguard.apps.exit.Main.unpaired(Main.java:" + unpaired.line + ")", lines.get(at + 1), run.toString());
        assertTrue(lines.get(at + 2).startsWith("\tat io.gilguard.apps.exit.Main.main(Main.java:"), run.toString());
        assertFalse(lines.get(at + 3).startsWith("\tat "), "stacks=2 keeps two frames\n" + run);
        @SuppressWarnings("unchecked")
        List<String> stack = (List<String>) run.violations().get(0).get("stack");
        assertEquals(List.of(lines.get(at + 1).substring(4), lines.get(at + 2).substring(4)), stack, run.toString());

        Run none = Harness.run(jdk, "exit", rules("exit") + ",stacks=0", true);
        List<String> noneLines = none.stderr.lines().collect(Collectors.toList());
        int noneAt = indexOf(noneLines, UNPAIRED);
        assertFalse(noneLines.get(noneAt + 1).startsWith("\tat "), none.toString());
        assertEquals(List.of(), none.violations().get(0).get("stack"), none.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aSuppressedViolationIsListedApartAndFailsNothing(Jdk jdk, @TempDir Path tmp) throws Exception {
        Path suppressions = tmp.resolve("gilguard.supp");
        Files.writeString(suppressions, "# accepted\n"
                + "suppress kind=LEAKED_AT_RETURN reason=\"not this one\"\n"
                + "suppress kind=UNPAIRED_RELEASE lock=g* site=*.exit.Main.unpaired* reason=\"known, see #12\"\n");
        Run run = Harness.run(jdk, "exit", rules("exit") + ",failOn=violation,suppressions=" + suppressions, true);
        assertEquals(0, run.exit, run.toString());
        assertEquals(List.of(), run.violations(), run.toString());
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.startsWith(
                "gilguard: suppressed (known, see #12): UNPAIRED_RELEASE lock=gil thread=\"main\" at ")), run.toString());
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.startsWith("gilguard: 0 violations (0 distinct), 1 suppressed")), run.toString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> suppressed = (List<Map<String, Object>>) run.report().get("suppressed");
        assertEquals(1, suppressed.size(), run.toString());
        assertEquals("UNPAIRED_RELEASE", suppressed.get(0).get("kind"));
        assertEquals("known, see #12", suppressed.get(0).get("suppressedBy"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aBaselineSilencesTodaysViolationsOnly(Jdk jdk, @TempDir Path tmp) throws Exception {
        Path baseline = tmp.resolve("baseline.supp");
        Run first = Harness.run(jdk, "exit", rules("exit") + ",baseline=" + baseline, true);
        assertTrue(first.stderrLines().stream().anyMatch(l -> l.contains(", baseline " + baseline)), first.toString());
        String text = Files.readString(baseline);
        assertTrue(text.contains("suppress kind=UNPAIRED_RELEASE lock=gil site=io.gilguard.apps.exit.Main.unpaired(Main.java:"), text);
        Run again = Harness.run(jdk, "exit", rules("exit") + ",failOn=violation,suppressions=" + baseline, true);
        assertEquals(0, again.exit, again.toString());
        assertEquals(List.of(), again.violations(), again.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aBadSuppressionStopsTheJvmWithItsPlace(Jdk jdk, @TempDir Path tmp) throws Exception {
        Path suppressions = tmp.resolve("bad.supp");
        Files.writeString(suppressions, "\nsuppress kind=UNPAIRED_RELEASE colour=red reason=x\n");
        Run run = Harness.run(jdk, "exit", rules("exit") + ",suppressions=" + suppressions, false);
        assertEquals(2, run.exit, run.toString());
        assertEquals("", run.stdout, run.toString());
        assertEquals(List.of(suppressions + ":2:32: unknown key 'colour' (keys: kind, lock, site, acquired, reason)"),
                run.stderrLines(), run.toString());
        Files.writeString(suppressions, "suppress kind=UNPAIRED_RELEASE\n");
        Run noReason = Harness.run(jdk, "exit", rules("exit") + ",suppressions=" + suppressions, false);
        assertEquals(List.of(suppressions + ":1:31: no reason=\"...\": say why it is accepted"), noReason.stderrLines(), noReason.toString());
    }

    private static String last(Run run) {
        List<String> lines = run.stderrLines();
        return lines.get(lines.size() - 1);
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> list(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(Collectors.toList());
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
