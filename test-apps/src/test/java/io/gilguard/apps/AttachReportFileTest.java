package io.gilguard.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.GilguardCli.Result;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code report=FILE} given at attach: written at detach (the exit hook goes with the attach), and
 * at exit when the JVM ends attached; it holds the violations {@code report PID --json} showed.
 */
class AttachReportFileTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void writtenAtDetachAndAtExit(Jdk jdk) throws Exception {
        String dir = "target/gilguard-runs/report-file-jdk" + jdk.feature();
        Files.createDirectories(Harness.MODULE.resolve(dir));
        Path atDetach = Harness.MODULE.resolve(dir + "/at-detach.json");
        Path atExit = Harness.MODULE.resolve(dir + "/at-exit.json");
        Files.deleteIfExists(atDetach);
        Files.deleteIfExists(atExit);
        try (LiveApp app = LiveApp.start(jdk, "attach", List.of())) {
            app.awaitStdout(AttachTest.RUNNING);
            String pid = Long.toString(app.pid());
            // a path relative to the CLI's working directory, as a user would type it
            Result attach = GilguardCli.run(jdk, "attach", pid, "rules=rules/attach.rules,report=" + dir + "/at-detach.json");
            assertEquals(0, attach.exit, attach + "\n" + app);
            for (String line : AttachTest.expectedViolations()) {
                app.awaitStderr(line, line::equals);
            }
            Result json = GilguardCli.run(jdk, "report", pid, "--json");
            assertEquals(0, json.exit, json.toString());
            Result detach = GilguardCli.run(jdk, "detach", pid);
            assertEquals(0, detach.exit, detach.toString());
            String written = "gilguard: \\d+ violations \\(3 distinct\\), report " + Pattern.quote(atDetach.toString());
            assertTrue(detach.stdoutLines().stream().anyMatch(l -> l.matches(written)), detach.toString());
            assertTrue(app.stderrLines().stream().anyMatch(l -> l.matches(written)), app.toString());
            assertTrue(Files.isRegularFile(atDetach), "no report at detach\n" + detach + "\n" + app);
            String detachReport = Files.readString(atDetach);
            assertAgree(parse(json.stdout), parse(detachReport), json + "\n--- " + atDetach + ":\n" + detachReport);

            // attached again, with another file, and the JVM ends attached: written at exit
            Result again = GilguardCli.run(jdk, "attach", pid, "rules=rules/attach.rules,report=" + atExit);
            assertEquals(0, again.exit, again + "\n" + app);
            for (String line : AttachTest.expectedViolations()) {
                app.awaitStderr(line + " (again)", l -> app.stderrCount(line) >= 2);
            }
            app.send("stop");
            assertEquals(0, app.awaitExit(), app.toString());
            assertTrue(Files.isRegularFile(atExit), "no report at exit\n" + app);
            // at exit the release policy is judged too: on a loaded machine, letting the lock go around
            // crunch may cost more than the call (RELEASE_NOT_WORTH_IT), a finding the summary counts
            String exitLine = "gilguard: \\d+ violations \\(3 distinct\\)(, \\d+ findings?)?, report "
                    + Pattern.quote(atExit.toString());
            assertTrue(app.stderrLines().stream().anyMatch(l -> l.matches(exitLine)), app.toString());
            assertEquals(3, parse(Files.readString(atExit)).size(), Files.readString(atExit));
            // the detached attach wrote its file once, at detach
            assertEquals(detachReport, Files.readString(atDetach), "rewritten after the detach");
            app.assertLinesEnded();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(String json) {
        return (List<Map<String, Object>>) ((Map<String, Object>) Json.parse(json)).get("violations");
    }

    /**
     * The file has every violation the live report had, with the same fields, and as many
     * occurrences or more (the app went on between the two).
     */
    private static void assertAgree(List<Map<String, Object>> live, List<Map<String, Object>> file, String both) {
        assertEquals(keys(live), keys(file), both);
        for (Map<String, Object> v : live) {
            Map<String, Object> same = file.stream().filter(f -> key(f).equals(key(v))).findFirst().orElseThrow();
            assertTrue((Long) same.get("count") >= (Long) v.get("count"), both);
            assertEquals(v.get("firstSeen"), same.get("firstSeen"), both);
        }
    }

    private static Set<List<Object>> keys(List<Map<String, Object>> violations) {
        return violations.stream().map(AttachReportFileTest::key).collect(Collectors.toSet());
    }

    private static List<Object> key(Map<String, Object> v) {
        return java.util.Arrays.asList(v.get("kind"), v.get("lock"), v.get("thread"), v.get("owner"), v.get("site"),
                v.get("acquiredAt"), v.get("holdCount"), v.get("note"));
    }
}
