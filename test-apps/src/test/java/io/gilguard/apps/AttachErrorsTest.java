package io.gilguard.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gilguard.apps.GilguardCli.Result;
import io.gilguard.testsupport.ChildProcess;
import io.gilguard.testsupport.Jdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to the attach CLI: one clear line, a non-zero exit status, and the target left as
 * it was (it prints nothing of gilguard's, no JDK warning of a loaded agent, and ends normally).
 */
class AttachErrorsTest {
    static final String BAD = "src/test/resources/bad-rules/";
    static final String JAR = "java -jar gilguard.jar";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void badInputLeavesTheTargetUntouched(Jdk jdk) throws Exception {
        try (LiveApp app = LiveApp.start(jdk, "attach", List.of())) {
            app.awaitStdout(AttachTest.RUNNING);
            String pid = Long.toString(app.pid());

            // a malformed rules file: the FILE:LINE:COL line of the parser, from the CLI
            String[][] cases = {
                {"unknown-rule", "lokc", "unknown rule 'lokc' (expected lock, downcall, upcall, state or token)"},
                {"unknown-lock", "gli", "unknown lock 'gli' (defined: gil)"},
                {"bad-policy", "requre", "unknown policy 'requre' (expected require, forbid, acquire, release or audit)"},
            };
            for (String[] c : cases) {
                String file = BAD + c[0] + ".rules";
                Result r = GilguardCli.run(jdk, "attach", pid, "rules=" + file);
                assertEquals(2, r.exit, r.toString());
                assertEquals(List.of(file + ":" + position(file, c[1]) + ": " + c[2]), r.stderrLines(), r.toString());
                assertEquals("", r.stdout, r.toString());
            }
            Result missing = GilguardCli.run(jdk, "attach", pid, "rules=" + BAD + "no-such-file.rules");
            assertOneLine(missing, 2, BAD + "no-such-file.rules: no such rules file");

            Result unknown = GilguardCli.run(jdk, "attach", pid, "rules=rules/attach.rules,foo=1");
            assertEquals(2, unknown.exit, unknown.toString());
            assertEquals(1, unknown.stderrLines().size(), unknown.toString());
            assertTrue(unknown.stderrLines().get(0).startsWith("gilguard: unknown option 'foo' (known: rules, "),
                    unknown.toString());

            assertOneLine(GilguardCli.run(jdk, "attach", pid), 2,
                    "gilguard: attach needs the rules: " + JAR + " attach " + pid + " rules=FILE[,key=value...]");
            String noAgent = "gilguard: process " + pid + " runs no gilguard agent; load one: " + JAR + " attach " + pid
                    + " rules=FILE";
            assertOneLine(GilguardCli.run(jdk, "report", pid), 1, noAgent);
            assertOneLine(GilguardCli.run(jdk, "detach", pid), 1, noAgent);

            Result list = GilguardCli.run(jdk, "list");
            assertEquals(0, list.exit, list.toString());
            assertTrue(list.stdoutLines().contains(pid + " io.gilguard.apps.attach.Main"), list.toString());

            app.send("stop");
            assertEquals(0, app.awaitExit(), app.toString());
            assertUntouched(app);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void noSuchProcess(Jdk jdk) throws Exception {
        // read as lines: /proc files claim to be empty, and Files.readString believes it
        long pid = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).trim()) + 1;
        assertOneLine(GilguardCli.run(jdk, "attach", Long.toString(pid), "rules=rules/attach.rules"), 1,
                "gilguard: no process with id " + pid);
        assertOneLine(GilguardCli.run(jdk, "report", Long.toString(pid)), 1, "gilguard: no process with id " + pid);
        assertOneLine(GilguardCli.run(jdk, "attach", "12x", "rules=rules/attach.rules"), 2,
                "gilguard: '12x' is not a process id (" + JAR + " list shows them)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void notAJvm(Jdk jdk) throws Exception {
        ChildProcess sleep = ChildProcess.start(List.of("sleep", "60"), Harness.MODULE,
                Harness.MODULE.resolve("target/gilguard-runs/not-a-jvm-jdk" + jdk.feature()));
        try {
            String pid = Long.toString(sleep.pid());
            Result r = GilguardCli.run(jdk, "attach", pid, "rules=rules/attach.rules");
            assertEquals(1, r.exit, r.toString());
            assertEquals(1, r.stderrLines().size(), r.toString());
            assertTrue(r.stderrLines().get(0).matches("gilguard: process " + pid + " \\(\\S*sleep\\) is not a Java virtual"
                    + " machine"), r.toString());
            // the attach API would have sent it SIGQUIT, which ends sleep
            assertTrue(sleep.isAlive(), "sleep must still run");
        } finally {
            sleep.kill();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void anotherUsersJvm(Jdk jdk) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root to start a JVM as user nobody");
        List<String> asNobody = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        // The build directory may be private to root (a clone in a mktemp directory, say).
        Path home = readableByAll(Path.of("target/classes/io/gilguard/apps/attach"), Path.of("target/native"));
        try (LiveApp app = LiveApp.start(jdk, "attach", List.of(), asNobody, home)) {
            app.awaitStdout(AttachTest.RUNNING);
            String pid = Long.toString(app.pid());
            assertOneLine(GilguardCli.run(jdk, "attach", pid, "rules=rules/attach.rules"), 1, "gilguard: process " + pid
                    + " belongs to user 'nobody', not to 'root'; a JVM takes agents from its own user only: run gilguard"
                    + " as 'nobody' (sudo -u nobody " + JAR + " ...)");
            Result list = GilguardCli.run(jdk, "list");
            assertTrue(list.stdoutLines().stream().noneMatch(l -> l.startsWith(pid + " ")), list.toString());
            app.send("stop");
            assertEquals(0, app.awaitExit(), app.toString());
            assertUntouched(app);
        } finally {
            delete(home);
        }
    }

    /** A copy of these module-relative directories in a fresh directory every user can read. */
    private static Path readableByAll(Path... dirs) throws IOException {
        Path home = Files.createTempDirectory("gilguard-nobody-");
        for (Path dir : dirs) {
            Path from = Harness.MODULE.resolve(dir);
            try (Stream<Path> tree = Files.walk(from)) {
                for (Path p : (Iterable<Path>) tree::iterator) {
                    Path to = home.resolve(dir).resolve(from.relativize(p).toString());
                    Files.createDirectories(Files.isDirectory(p) ? to : to.getParent());
                    if (!Files.isDirectory(p)) {
                        Files.copy(p, to);
                    }
                }
            }
        }
        try (Stream<Path> tree = Files.walk(home)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return home;
    }

    private static void delete(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void startedWithJavaagent(Jdk jdk) throws Exception {
        String javaagent = "-javaagent:" + Harness.AGENT_JAR + "=rules=" + AttachTest.RULES;
        try (LiveApp app = LiveApp.start(jdk, "attach", List.of(javaagent, "-Dgilguard.jmx=true"))) {
            app.awaitStdout(AttachTest.RUNNING);
            String pid = Long.toString(app.pid());
            for (String line : AttachTest.expectedViolations()) {
                app.awaitStderr(line, line::equals);
            }
            // -Dgilguard.jmx=true: report works for an agent started with the JVM
            Result report = GilguardCli.run(jdk, "report", pid);
            assertEquals(0, report.exit, report.toString());
            assertTrue(report.stdoutLines().get(0).matches("gilguard 0\\.1\\.0-SNAPSHOT in process " + pid
                    + ", javaagent \\S+, rules " + Pattern.quote(AttachTest.RULES.toString())), report.toString());
            assertTrue(report.stdoutLines().contains("violations: 3 distinct"), report.toString());
            assertOneLine(GilguardCli.run(jdk, "attach", pid, "rules=rules/attach.rules"), 1, "gilguard: process " + pid
                    + " already runs gilguard 0.1.0-SNAPSHOT (started with -javaagent, rules " + AttachTest.RULES
                    + "); see what it found: " + JAR + " report " + pid);
            assertOneLine(GilguardCli.run(jdk, "detach", pid), 1, "gilguard: process " + pid + " runs gilguard from"
                    + " -javaagent, which cannot be detached (the native methods it wrapped at start-up cannot be given"
                    + " back their shape); only an attach can");
            app.send("stop");
            assertEquals(0, app.awaitExit(), app.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void commandLine(Jdk jdk) throws Exception {
        assertOneLine(GilguardCli.run(jdk, "atach", "1"), 2,
                "gilguard: unknown command 'atach' (expected attach, report, detach, list, rules or jfc; " + JAR + " help)");
        assertOneLine(GilguardCli.run(jdk, "report"), 2, "gilguard: expected " + JAR + " report PID [--json]");
        Result usage = GilguardCli.run(jdk);
        assertEquals(0, usage.exit, usage.toString());
        assertTrue(usage.stdout.contains(JAR + " attach PID rules=FILE[,key=value...]"), usage.toString());
        assertTrue(usage.stdout.contains(JAR + " detach PID"), usage.toString());
    }

    static void assertOneLine(Result r, int exit, String line) {
        assertEquals(exit, r.exit, r.toString());
        assertEquals(List.of(line), r.stderrLines(), r.toString());
        assertEquals("", r.stdout, r.toString());
    }

    /** Nothing of gilguard's in the target: no line of its own, no JDK warning of an agent. */
    static void assertUntouched(LiveApp app) throws Exception {
        List<String> foreign = app.stderrLines().stream()
                .filter(l -> l.contains("gilguard") || l.contains("agent has been loaded")).collect(Collectors.toList());
        assertEquals(List.of(), foreign, app.toString());
        List<String> out = app.stdoutLines();
        assertTrue(out.get(out.size() - 1).matches("attach-app: done after \\d+ rounds, 0 errors"), app.toString());
        assertTrue(out.stream().noneMatch(l -> l.equals(AttachTest.RELEASED)), "the rules never acted\n" + app);
    }

    /** {@code LINE:COL} of a token in a rules file, outside comments. */
    static String position(String file, String token) throws Exception {
        List<String> lines = Files.readAllLines(Harness.MODULE.resolve(file));
        for (int n = 0; n < lines.size(); n++) {
            String code = lines.get(n).replaceAll("(^|\\s)#.*", "");
            Matcher m = Pattern.compile("(?<![\\w.])" + Pattern.quote(token) + "(?![\\w.])").matcher(code);
            if (m.find()) {
                return (n + 1) + ":" + (m.start() + 1);
            }
        }
        throw new AssertionError(token + " not in " + file);
    }
}
