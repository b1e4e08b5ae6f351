package io.gilguard.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gilguard.runtime.Kind;
import io.gilguard.testsupport.ChildProcess;
import io.gilguard.testsupport.Jdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Runs a scenario in a child JVM under the agent and checks what the agent reported. */
final class Harness {
    /** The test-apps module directory (surefire sets basedir; the child JVMs run there). */
    static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath();
    /** The agent under test; -Dgilguard.agent=JAR overrides the module's build. */
    static final Path AGENT_JAR = Path.of(System.getProperty("gilguard.agent",
            MODULE.resolve("../agent/target/gilguard.jar").normalize().toString()));
    static final long TIMEOUT_SECONDS = 60;
    /** Exit status of a run with failOn=violation that saw a violation. */
    static final int VIOLATION_EXIT = 86;
    /** The violation kinds; findings (advice, a cost worth knowing) are not violations. */
    static final Set<String> KINDS = Arrays.stream(Kind.values()).filter(k -> !k.isFinding()).map(Kind::name)
            .collect(Collectors.toUnmodifiableSet());
    /** The one line the agent prints when its native library is not loaded. */
    static final String NATIVE_OFF = "gilguard: native checks off";

    private static final AtomicInteger RUNS = new AtomicInteger();

    private Harness() {
    }

    /** The result of one child JVM. */
    static final class Run {
        final String description;
        final int exit;
        final String stdout;
        final String stderr;
        final Path reportFile;
        /** Where this run's files are: command, stdout, stderr, report, and an hs_err file if the JVM crashed. */
        final Path dir;

        Run(String description, int exit, String stdout, String stderr, Path reportFile, Path dir) {
            this.description = description;
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
            this.reportFile = reportFile;
            this.dir = dir;
        }

        List<String> stdoutLines() {
            return stdout.lines().collect(Collectors.toList());
        }

        List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        }

        /** stderr lines that name a violation kind anywhere. */
        List<String> kindLines() {
            return stderrLines().stream().filter(l -> KINDS.stream().anyMatch(l::contains))
                    .collect(Collectors.toList());
        }

        /** The parsed report; fails if it is missing or malformed. */
        @SuppressWarnings("unchecked")
        Map<String, Object> report() {
            assertTrue(Files.isRegularFile(reportFile), "no report written: " + reportFile + "\n" + this);
            try {
                return (Map<String, Object>) Json.parse(Files.readString(reportFile));
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("unreadable report " + reportFile + ": " + e + "\n" + this, e);
            }
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> violations() {
            Object v = report().get("violations");
            assertTrue(v instanceof List, "report has no violations array\n" + this);
            return (List<Map<String, Object>>) v;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> findings() {
            Object v = report().get("findings");
            assertTrue(v instanceof List, "report has no findings array\n" + this);
            return (List<Map<String, Object>>) v;
        }

        @Override
        public String toString() {
            return "--- " + description + "\n--- exit " + exit + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    /**
     * Runs io.gilguard.apps.SCENARIO.Main with the agent. agentOptions is the text after
     * "-javaagent:gilguard.jar="; a report=FILE option is added unless withReport is false.
     */
    static Run run(Jdk jdk, String scenario, String agentOptions, boolean withReport, String... appArgs)
            throws IOException, InterruptedException {
        return run(jdk, List.of(), scenario, agentOptions, withReport, appArgs);
    }

    /**
     * As {@link #run(Jdk, String, String, boolean, String...)}, with JVM options (-D..., or the
     * {@code -javaagent} of an agent that must run first) before the agent's; agentOptions null
     * runs the app without gilguard.
     */
    static Run run(Jdk jdk, List<String> jvmOptions, String scenario, String agentOptions, boolean withReport,
            String... appArgs) throws IOException, InterruptedException {
        Child child = start(jdk, scenario, agentOptions, withReport, jvmOptions, appArgs);
        if (!child.process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            String dump = child.process.threadDump(jdk);
            child.process.kill();
            fail("child JVM still running after " + TIMEOUT_SECONDS + " s, killed: " + child.process.command()
                    + "\n--- stdout:\n" + child.process.stdout() + "--- stderr:\n" + child.process.stderr()
                    + "--- thread dump:\n" + dump);
        }
        return child.result();
    }

    /** As {@link #run(Jdk, String, String, boolean, String...)}, with JVM options after the agent's {@code -javaagent} (another agent that must start after gilguard). */
    static Run runBefore(Jdk jdk, List<String> afterAgent, String scenario, String agentOptions, boolean withReport)
            throws IOException, InterruptedException {
        Child child = start(jdk, scenario, "io.gilguard.apps." + scenario + ".Main", MODULE.resolve("target/classes").toString(),
                agentOptions, withReport, List.of(), afterAgent);
        if (!child.process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.process.kill();
            fail("child JVM still running after " + TIMEOUT_SECONDS + " s, killed: " + child.process.command());
        }
        return child.result();
    }

    /** A child JVM that is meant to hang: its output and thread dump after {@code seconds}, then it is killed. */
    static final class Stuck {
        final Run run;
        final String threadDump;

        Stuck(Run run, String threadDump) {
            this.run = run;
            this.threadDump = threadDump;
        }

        @Override
        public String toString() {
            return run + "--- thread dump:\n" + threadDump;
        }
    }

    /**
     * Runs the app and expects it to hang: waits until its stdout has {@code readyLine} (at most
     * {@link #TIMEOUT_SECONDS}), then {@code settleMillis} more; fails if it ended meanwhile.
     * Otherwise takes a thread dump (jcmd PID Thread.print), kills it and returns what it printed.
     */
    static Stuck runUntilStuck(Jdk jdk, String scenario, String agentOptions, String readyLine, long settleMillis,
            String... appArgs) throws IOException, InterruptedException {
        Child child = start(jdk, scenario, agentOptions, agentOptions != null, List.of(), appArgs);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        ChildProcess process = child.process;
        try {
            while (!process.stdout().lines().anyMatch(readyLine::equals)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    fail("never printed '" + readyLine + "'\n" + (process.isAlive()
                            ? "--- " + process.command() + "\n--- stdout:\n" + process.stdout() + "--- stderr:\n"
                                    + process.stderr()
                            : child.result().toString()));
                }
                Thread.sleep(50);
            }
            if (process.waitFor(settleMillis, TimeUnit.MILLISECONDS)) {
                fail("expected the app to hang, but it ended\n" + child.result());
            }
            String dump = process.threadDump(jdk);
            return new Stuck(new Run(process.command() + " (killed, stuck)", -1, process.stdout(), process.stderr(),
                    child.report, process.runDir()), dump);
        } finally {
            process.kill();
        }
    }

    /** A started child JVM and where the agent writes its report. */
    private static final class Child {
        final ChildProcess process;
        final Path report;

        Child(ChildProcess process, Path report) {
            this.process = process;
            this.report = report;
        }

        Run result() throws IOException {
            return new Run(process.command(), process.exitValue(), process.stdout(), process.stderr(), report,
                    process.runDir());
        }
    }

    private static Child start(Jdk jdk, String scenario, String agentOptions, boolean withReport, List<String> jvmArgs,
            String... appArgs) throws IOException {
        return start(jdk, scenario, "io.gilguard.apps." + scenario + ".Main", MODULE.resolve("target/classes").toString(),
                agentOptions, withReport, jvmArgs, List.of(), appArgs);
    }

    /**
     * Runs {@code mainClass}, a test class that uses a real library, with the agent: on its class
     * path the test classes and the jars of this JVM's class path whose file names start with one
     * of {@code libraries} (Maven put them there, in test scope).
     */
    static Run runWithLibraries(Jdk jdk, String mainClass, List<String> libraries, String agentOptions,
            String... appArgs) throws IOException, InterruptedException {
        return runWithLibraries(jdk, List.of(), mainClass, libraries, agentOptions, appArgs);
    }

    /** {@link #runWithLibraries(Jdk, String, List, String, String...)} with JVM options of its own before the agent. */
    static Run runWithLibraries(Jdk jdk, List<String> jvmArgs, String mainClass, List<String> libraries,
            String agentOptions, String... appArgs) throws IOException, InterruptedException {
        List<String> classPath = new ArrayList<>(List.of(MODULE.resolve("target/test-classes").toString()));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (libraries.stream().anyMatch(name::startsWith)) {
                classPath.add(entry);
            }
        }
        assertEquals(libraries.size() + 1, classPath.size(), "the libraries' jars on the test class path: " + classPath);
        String label = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        Child child = start(jdk, label, mainClass, String.join(java.io.File.pathSeparator, classPath), agentOptions, true,
                jvmArgs, List.of(), appArgs);
        if (!child.process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.process.kill();
            fail("child JVM still running after " + TIMEOUT_SECONDS + " s, killed: " + child.process.command()
                    + "\n--- stdout:\n" + child.process.stdout() + "--- stderr:\n" + child.process.stderr());
        }
        return child.result();
    }

    private static Child start(Jdk jdk, String scenario, String mainClass, String classPath, String agentOptions,
            boolean withReport, List<String> jvmArgs, List<String> afterAgent, String... appArgs) throws IOException {
        int feature = jdk.feature(); // fails for a listed JDK that does not exist
        assertTrue(Files.isRegularFile(AGENT_JAR),
                "agent jar missing: " + AGENT_JAR + " (build it first: mvn -B -pl agent -am package)");
        Path dir = MODULE.resolve("target/gilguard-runs")
                .resolve(String.format("%03d-%s-jdk%d", RUNS.incrementAndGet(), scenario, feature));
        Files.createDirectories(dir);
        Path report = dir.resolve("report.json");
        Files.deleteIfExists(report);
        String options = withReport ? agentOptions + ",report=" + report : agentOptions;

        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java().toString());
        if (feature >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED"); // System.loadLibrary is restricted
        }
        cmd.add("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log")); // a crash leaves its file here
        cmd.addAll(jvmArgs);
        if (agentOptions != null) {
            cmd.add("-javaagent:" + AGENT_JAR + "=" + options);
        }
        cmd.addAll(afterAgent);
        cmd.add("-Djava.library.path=" + MODULE.resolve("target/native"));
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(appArgs));

        return new Child(ChildProcess.start(cmd, MODULE, dir), report);
    }

    /** A rules file of test-apps/rules, as an agent option. */
    static String rules(String name) {
        return "rules=" + MODULE.resolve("rules").resolve(name + ".rules");
    }

    // ---- assertions ----

    /** The run reported exactly the given kinds (each once), or also the tolerated ones. */
    static void assertKinds(Run run, Set<String> expected, Set<String> tolerated) {
        List<String> kinds = run.violations().stream().map(v -> (String) v.get("kind")).collect(Collectors.toList());
        for (String kind : expected) {
            assertEquals(1, kinds.stream().filter(kind::equals).count(), "violations of kind " + kind + "\n" + run);
        }
        for (String kind : kinds) {
            assertTrue(expected.contains(kind) || tolerated.contains(kind), "unexpected violation " + kind + "\n" + run);
        }
        // one stderr line per distinct violation
        assertEquals(kinds.size(), run.kindLines().size(), "stderr violation lines vs report\n" + run);
        assertEquals(0L, run.report().get("internalErrors"), "internalErrors\n" + run);
    }

    /** Every line the agent prints starts with "gilguard: ", so that grep finds them all. */
    static void assertAgentLinesPrefixed(Run run) {
        for (String line : run.stderrLines()) {
            if (line.startsWith("gilguard")) {
                assertTrue(line.startsWith("gilguard: "), "agent line without 'gilguard: ': " + line + "\n" + run);
            }
        }
    }

    /** The one violation of this kind in the report, and its stderr line, are exactly as expected. */
    static void assertViolation(Run run, String kind, String lock, String thread, Site site, Site acquiredAt,
            long count) {
        Map<String, Object> v = run.violations().stream().filter(x -> kind.equals(x.get("kind")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " reported\n" + run));
        String where = kind + " in " + run.reportFile + "\n" + run;
        assertEquals(lock, v.get("lock"), "lock of " + where);
        assertEquals(thread, v.get("thread"), "thread of " + where);
        assertSite(site, v.get("site"), "site of " + where);
        if (acquiredAt == null) {
            assertTrue(v.containsKey("acquiredAt") && v.get("acquiredAt") == null, "acquiredAt must be null: " + where);
        } else {
            assertSite(acquiredAt, v.get("acquiredAt"), "acquiredAt of " + where);
        }
        assertEquals(count, v.get("count"), "count of " + where);
        assertNotNull(v.get("firstSeen"), "firstSeen of " + where);
        Instant.parse((String) v.get("firstSeen")); // throws unless ISO-8601

        String line = "gilguard: " + kind + " lock=" + lock + " thread=\"" + thread + "\" at " + site
                + (acquiredAt == null ? "" : " acquired at " + acquiredAt);
        assertTrue(run.stderrLines().contains(line), "expected on stderr: " + line + "\n" + run);
    }

    @SuppressWarnings("unchecked")
    private static void assertSite(Site expected, Object actual, String what) {
        assertTrue(actual instanceof Map, what);
        Map<String, Object> site = (Map<String, Object>) actual;
        for (Map.Entry<String, Object> e : expected.json().entrySet()) {
            assertEquals(e.getValue(), site.get(e.getKey()), e.getKey() + " of " + what);
        }
    }

    /** A fixed twin: no violation in the report, none on stderr, exit 0 under failOn=violation. */
    static void assertSilent(Run run) {
        assertEquals(List.of(), run.violations(), "violations\n" + run);
        assertEquals(List.of(), run.kindLines(), "violation lines on stderr\n" + run);
        assertEquals(0L, run.report().get("internalErrors"), "internalErrors\n" + run);
        assertEquals(0, run.exit, "exit status\n" + run);
    }

    /**
     * The run reported exactly these violations: each once in the report, with every field as
     * expected, and their lines on stderr exactly, in this order (the order they were first seen).
     */
    static void assertReports(Run run, Report... expected) {
        List<Map<String, Object>> violations = run.violations();
        for (Report r : expected) {
            List<Map<String, Object>> same = violations.stream().filter(r::sameKey).collect(Collectors.toList());
            assertEquals(1, same.size(), "violations matching " + r.line() + "\n" + run);
            r.check(same.get(0), "in " + run.reportFile + "\n" + run);
        }
        assertEquals(expected.length, violations.size(), "violations in the report\n" + run);
        List<String> lines = Arrays.stream(expected).map(Report::line).collect(Collectors.toList());
        assertEquals(lines, run.kindLines(), "violation lines on stderr\n" + run);
        assertEquals(0L, run.report().get("internalErrors"), "internalErrors\n" + run);
    }

    /**
     * The JVM and the agent ran cleanly: no crash file, no fatal error, no WARNING line (the
     * restricted-method and Unsafe warnings of JDK 22+ included), and, unless nativeOff, the
     * native checks on.
     */
    static void assertClean(Run run, boolean nativeOff) throws IOException {
        try (var files = Files.list(run.dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("hs_err"))
                    .collect(Collectors.toList()), "JVM crash files\n" + run);
        }
        for (String line : run.stderrLines()) {
            assertTrue(!line.contains("WARNING") && !line.contains("FATAL") && !line.contains("fatal error"),
                    "unexpected line on stderr: " + line + "\n" + run);
        }
        long off = run.stderrLines().stream().filter(l -> l.startsWith(NATIVE_OFF)).count();
        assertEquals(nativeOff ? 1 : 0, off, "'" + NATIVE_OFF + "' lines\n" + run);
        assertAgentLinesPrefixed(run);
    }

    static void assertClean(Run run) throws IOException {
        assertClean(run, false);
    }

    static void assertStdout(Run run, String... lines) {
        for (String line : lines) {
            assertTrue(run.stdoutLines().contains(line), "expected on stdout: " + line + "\n" + run);
        }
    }
}
