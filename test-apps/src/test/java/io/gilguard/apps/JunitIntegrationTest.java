package io.gilguard.apps;

import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.ChildProcess;
import io.gilguard.testsupport.Jdk;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The JUnit 5 integration, as a user meets it: the JUnit Console Launcher in a child JVM with
 * the agent and no other change, running the tests of src/junitsample (which break the callback
 * app's rule on their own thread, and the leak app's on a native thread they start), on each JDK.
 * What it checks: the console, the XML report of the launcher ({@code --reports-dir}), gilguard's
 * JSON report (which test failed for each violation) and the exit status.
 */
class JunitIntegrationTest {
    static final Path CONSOLE = Harness.MODULE.resolve("target/junit-console/junit-platform-console-standalone.jar");
    static final Path SAMPLES = Harness.MODULE.resolve("target/junitsample-classes");
    static final String LAUNCHER = "org.junit.platform.console.ConsoleLauncher";
    static final String ON_TEST_THREAD = "io.gilguard.apps.callback.OnTestThreadTest";
    static final String NATIVE_THREAD = "io.gilguard.apps.leak.NativeThreadTest";
    static final String CONCURRENT = "io.gilguard.apps.callback.ConcurrentTest";
    static final String SHARED_NATIVE_THREAD = "io.gilguard.apps.callback.SharedNativeThreadTest";
    static final List<String> PARALLEL = List.of("--config=junit.jupiter.execution.parallel.enabled=true",
            "--config=junit.jupiter.execution.parallel.mode.default=concurrent");

    static final Site UPCALL = Site.marked("callback", "Counter", "onEvent", "callback-upcall");
    static final Site LEAK_UPCALL = Site.marked("leak", "LeakyListener", "onEvent", "leak-upcall");
    static final Site LEAK_ACQUIRE = Site.marked("leak", "LeakyListener", "onEvent", "leak-acquire");
    static final Site CALL_ON_TEST_THREAD = Site.markedInJunitSample("callback", "OnTestThreadTest", "withoutTheLock",
            "junit-on-test-thread");
    static final Site CALL_CONCURRENT = Site.markedInJunitSample("callback", "ConcurrentTest", "withoutTheLock",
            "junit-concurrent");

    static final String REQUIRED_ON_MAIN = "gilguard: REQUIRED_NOT_HELD lock=gil thread=\"main\" at " + UPCALL;
    static final String LEAKED = "gilguard: LEAKED_AT_RETURN lock=leakgil thread=\"native-cb-0\" at " + LEAK_UPCALL
            + " acquired at " + LEAK_ACQUIRE;
    static final String HELD = "gilguard: HELD_AT_THREAD_EXIT lock=leakgil thread=\"native-cb-0\" acquired at "
            + LEAK_ACQUIRE + " hold count 1";
    static final String ONE_IN_TEST = "gilguard: 1 violation during this test:";

    private static final AtomicInteger RUNS = new AtomicInteger();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void eachTestThatBrokeARuleFailsWithItsLineAndStack(Jdk jdk) throws Exception {
        Launched l = launch(jdk, "junit-serial", rules("junit") + ",failOn=violation", List.of(), ON_TEST_THREAD,
                NATIVE_THREAD);
        // the launcher's status for failed tests: every violation failed a test, so failOn leaves it be
        assertEquals(1, l.run.exit, "exit status\n" + l);
        assertFalse(l.run.stderr.contains("failOn=violation"), "failOn must leave the status to the launcher\n" + l);

        Entry onMain = new Entry(REQUIRED_ON_MAIN, List.of(UPCALL.toString(), CALL_ON_TEST_THREAD.toString()),
                "(seen 1 time in this test)");
        assertEntries(l, l.failure(ON_TEST_THREAD, "withoutTheLock"), ONE_IN_TEST, onMain);
        assertNull(l.failure(ON_TEST_THREAD, "between"), "a test between two broken ones\n" + l);
        assertNull(l.failure(ON_TEST_THREAD, "withTheLock"), "the fixed twin\n" + l);
        // the same distinct violation, met again in a later test: that test fails too, with its own count
        assertEntries(l, l.failure(ON_TEST_THREAD, "withoutTheLockAgain"), ONE_IN_TEST,
                new Entry(REQUIRED_ON_MAIN, onMain.frames, "(seen 2 times in this test)"));
        // a test that failed for its own reason keeps it; gilguard's failure is added to it
        Failed own = l.failure(ON_TEST_THREAD, "failsForItsOwnReasonToo");
        assertNotNull(own, "failsForItsOwnReasonToo\n" + l);
        assertEquals("its own reason", own.message, l.toString());
        assertTrue(own.text.contains("Suppressed: java.lang.AssertionError: " + ONE_IN_TEST + "\n" + REQUIRED_ON_MAIN),
                "gilguard's failure, suppressed in the test's own\n" + l);

        // a native thread the test started (no test runs on it): the only test running
        assertNull(l.failure(NATIVE_THREAD, "safeListener"), "the fixed twin\n" + l);
        Failed leaky = l.failure(NATIVE_THREAD, "leakyListener");
        assertEntries(l, leaky, "gilguard: 2 violations during this test:",
                new Entry(LEAKED, null, "(seen 1 time in this test)"),
                new Entry(HELD, List.of(), "(seen 1 time in this test)"));
        List<String> leakFrames = entries(leaky.message, "gilguard: 2 violations during this test:").get(0).frames;
        assertEquals(1, leakFrames.size(), "the native thread's Java frames\n" + l);
        assertTrue(leakFrames.get(0).startsWith(LEAK_UPCALL.className + "." + LEAK_UPCALL.method + "("), l.toString());

        // the console says the same as the XML report, line for line
        List<String> console = l.run.stdoutLines();
        assertTrue(console.contains("    => java.lang.AssertionError: " + ONE_IN_TEST), "console\n" + l);
        assertTrue(console.contains(REQUIRED_ON_MAIN) && console.contains("\tat " + CALL_ON_TEST_THREAD), "console\n" + l);
        assertTrue(console.contains(LEAKED) && console.contains(HELD), "console\n" + l);
        assertEquals(Set.of(ON_TEST_THREAD + "#withoutTheLock", ON_TEST_THREAD + "#withoutTheLockAgain",
                ON_TEST_THREAD + "#failsForItsOwnReasonToo", NATIVE_THREAD + "#leakyListener"), Set.copyOf(l.failed()),
                l.toString());
        assertEquals(7, l.cases.size(), l.toString());

        // which test failed for each violation: the first one
        assertEquals(Map.of("REQUIRED_NOT_HELD", ON_TEST_THREAD + "#withoutTheLock",
                "LEAKED_AT_RETURN", NATIVE_THREAD + "#leakyListener",
                "HELD_AT_THREAD_EXIT", NATIVE_THREAD + "#leakyListener"), l.testsOfViolations(), l.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void testsOffLeavesEveryTestItsOwnResultAndFailOnDecides(Jdk jdk) throws Exception {
        Launched l = launch(jdk, "junit-off", rules("junit") + ",failOn=violation,tests=off", List.of(), NATIVE_THREAD);
        assertEquals(List.of(), l.failed(), l.toString());
        assertEquals(2, l.cases.size(), l.toString());
        assertEquals(2, l.testsOfViolations().size(), "violations\n" + l);
        assertTrue(l.testsOfViolations().values().stream().allMatch(t -> t == null), "no test failed for any\n" + l);
        // every test passed, so the launcher ended with 0: failOn makes it 86
        assertTrue(l.run.stderrLines().contains("gilguard: failOn=violation: exit status 86"), l.toString());
        assertEquals(Harness.VIOLATION_EXIT, l.run.exit, "exit status\n" + l);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void concurrentTestsKeepTheViolationsOfTheirOwnThreads(Jdk jdk) throws Exception {
        Launched l = launch(jdk, "junit-parallel", rules("junit") + ",failOn=violation", PARALLEL, CONCURRENT);
        assertEquals(1, l.run.exit, "exit status\n" + l);
        // both met at the barriers, so both ran while one broke the rule; only that one fails
        assertEquals(List.of(CONCURRENT + "#withoutTheLock"), l.failed(), l.toString());
        Failed broken = l.failure(CONCURRENT, "withoutTheLock");
        List<Entry> entries = entries(broken.message, ONE_IN_TEST);
        assertEquals(1, entries.size(), l.toString());
        String line = entries.get(0).line;
        assertTrue(line.matches("gilguard: REQUIRED_NOT_HELD lock=gil thread=\"ForkJoinPool-\\d+-worker-\\d+\" at "
                + java.util.regex.Pattern.quote(UPCALL.toString())), line + "\n" + l);
        assertEquals(List.of(UPCALL.toString(), CALL_CONCURRENT.toString()), entries.get(0).frames.subList(0, 2), l.toString());
        assertEquals("(seen 1 time in this test)", entries.get(0).seen, l.toString());
        assertEquals(Map.of("REQUIRED_NOT_HELD", CONCURRENT + "#withoutTheLock"), l.testsOfViolations(), l.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aNativeThreadWhileTwoTestsRunFailsTheirClass(Jdk jdk) throws Exception {
        Launched l = launch(jdk, "junit-class", rules("junit") + ",failOn=violation", PARALLEL, SHARED_NATIVE_THREAD);
        assertEquals(1, l.run.exit, "exit status\n" + l);
        String header = "gilguard: 1 violation in this class, outside its tests:";
        Entry callbacks = new Entry("gilguard: REQUIRED_NOT_HELD lock=gil thread=\"native-cb-0\" at " + UPCALL,
                List.of(UPCALL.toString()), "(seen 3 times in this class)");
        // the launcher's console: both tests passed, the class failed
        List<String> console = l.run.stdoutLines();
        assertTrue(console.contains("    => java.lang.AssertionError: " + header), "console\n" + l);
        assertTrue(console.stream().anyMatch(s -> s.matches("\\[\\s+2 tests successful\\s+\\]")), "console\n" + l);
        assertTrue(console.stream().anyMatch(s -> s.matches("\\[\\s+1 containers failed\\s+\\]")), "console\n" + l);
        // the legacy XML report puts a class's failure on each of its tests
        assertEntries(l, l.failure(SHARED_NATIVE_THREAD, "startsNativeThread"), header, callbacks);
        assertEntries(l, l.failure(SHARED_NATIVE_THREAD, "waits"), header, callbacks);
        assertEquals(Map.of("REQUIRED_NOT_HELD", SHARED_NATIVE_THREAD), l.testsOfViolations(), l.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void autodetectionTurnedOffIsSaidAndRespected(Jdk jdk) throws Exception {
        Launched l = launchWith(jdk, "junit-autodetect-off", rules("junit") + ",failOn=violation",
                List.of("-Djunit.jupiter.extensions.autodetection.enabled=false"), List.of(), List.of(), ON_TEST_THREAD);
        assertTrue(l.run.stderrLines().contains("gilguard: tests=fail: junit.jupiter.extensions.autodetection.enabled=false, "
                + "so JUnit will not load gilguard's extension: no test will be failed by name for a violation"), l.toString());
        assertEquals(List.of(ON_TEST_THREAD + "#failsForItsOwnReasonToo"), l.failed(), l.toString());
        // no test failed for the violation, so failOn looks at it, and keeps the launcher's own status
        assertTrue(l.run.stderrLines().contains("gilguard: failOn=violation: the application's exit status 1 stands"),
                l.toString());
        assertEquals(1, l.run.exit, "exit status\n" + l);
        assertEquals(1, l.testsOfViolations().size(), l.toString());
        assertNull(l.testsOfViolations().get("REQUIRED_NOT_HELD"), l.toString());
    }

    /**
     * JUnit in a class loader of its own (a launcher that loads it apart from the class path), with
     * autodetection turned on by the user: gilguard registers nothing there, so JUnit does not
     * find an extension it cannot link, and the tests run as they would without the agent.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void junitInAChildLoaderRunsUntouched(Jdk jdk) throws Exception {
        List<String> launcher = new ArrayList<>(List.of("-cp", Harness.MODULE.resolve("target/classes").toString(),
                "io.gilguard.apps.childloader.Main", CONSOLE.toString(), "execute", "--class-path", SAMPLES.toString()));
        Launched l = launchWith(jdk, "junit-child-loader", rules("junit") + ",failOn=violation",
                List.of("-Djunit.jupiter.extensions.autodetection.enabled=true"), launcher, List.of(), ON_TEST_THREAD);
        assertFalse(l.run.stdout.contains("NoClassDefFoundError"), l.toString());
        assertTrue(l.run.stdoutLines().stream().anyMatch(s -> s.matches("\\[\\s+5 tests started\\s+\\]")), l.toString());
        assertEquals(List.of(ON_TEST_THREAD + "#failsForItsOwnReasonToo"), l.failed(), l.toString());
        assertEquals(1, l.run.exit, "exit status\n" + l);
        assertNull(l.testsOfViolations().get("REQUIRED_NOT_HELD"), l.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void badTestsValueStopsTheJvm(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "callback", rules("callback-broken") + ",tests=maybe", false);
        assertEquals(2, run.exit, "exit status\n" + run);
        assertEquals("", run.stdout, "main must not run\n" + run);
        assertEquals(List.of("gilguard: bad value tests=maybe (expected fail or off)"), run.stderrLines(), run.toString());
    }

    // ---- the launcher's run ----

    /** A failed test case of the XML report: its failure's message and its text (the stack trace). */
    static final class Failed {
        final String message;
        final String text;

        Failed(String message, String text) {
            this.message = message;
            this.text = text;
        }
    }

    /** A launcher run: the child JVM's output, and the test cases of its XML report by CLASS#METHOD. */
    static final class Launched {
        final Run run;
        /** Every test case in the report; null for one that passed. */
        final Map<String, Failed> cases;

        Launched(Run run, Map<String, Failed> cases) {
            this.run = run;
            this.cases = cases;
        }

        /** null if it passed; fails if the report has no such test case (it did not run). */
        Failed failure(String className, String method) {
            String name = className + "#" + method;
            assertTrue(cases.containsKey(name), "no test case " + name + " in the XML report\n" + this);
            return cases.get(name);
        }

        /** The test cases that failed (in the report's order, which is not the order they ran in). */
        List<String> failed() {
            return cases.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey)
                    .collect(Collectors.toList());
        }

        /** Each violation's kind, and the test gilguard's report says failed for it (null: none). */
        Map<String, String> testsOfViolations() {
            Map<String, String> tests = new LinkedHashMap<>();
            for (Map<String, Object> v : run.violations()) {
                tests.put((String) v.get("kind"), (String) v.get("test"));
            }
            return tests;
        }

        @Override
        public String toString() {
            return run.toString();
        }
    }

    /**
     * Runs the Console Launcher with the agent on {@code classes}, from the system class path
     * with the apps and the samples; {@code launcherOptions} after its own.
     */
    private static Launched launch(Jdk jdk, String label, String agentOptions, List<String> launcherOptions,
            String... classes) throws Exception {
        return launchWith(jdk, label, agentOptions, List.of(), List.of(), launcherOptions, classes);
    }

    /**
     * As {@link #launch}; {@code jvmOptions} go before the agent; {@code launcher}: how the
     * launcher is started and its first arguments (empty: as {@link #launch} does).
     */
    private static Launched launchWith(Jdk jdk, String label, String agentOptions, List<String> jvmOptions,
            List<String> launcher, List<String> launcherOptions, String... classes) throws Exception {
        int feature = jdk.feature();
        assertTrue(Files.isRegularFile(Harness.AGENT_JAR), "agent jar missing: " + Harness.AGENT_JAR);
        assertTrue(Files.isRegularFile(CONSOLE), "Console Launcher missing (mvn generate-test-resources): " + CONSOLE);
        Path dir = Harness.MODULE.resolve("target/gilguard-runs")
                .resolve(String.format("junit-%03d-%s-jdk%d", RUNS.incrementAndGet(), label, feature));
        Path reports = dir.resolve("reports");
        Path report = dir.resolve("report.json");
        Files.createDirectories(dir);
        Files.deleteIfExists(report);

        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java().toString());
        if (feature >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.add("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
        cmd.addAll(jvmOptions);
        cmd.add("-javaagent:" + Harness.AGENT_JAR + "=" + agentOptions + ",report=" + report);
        cmd.add("-Djava.library.path=" + Harness.MODULE.resolve("target/native"));
        if (launcher.isEmpty()) {
            cmd.addAll(List.of("-cp", String.join(File.pathSeparator, CONSOLE.toString(),
                    Harness.MODULE.resolve("target/classes").toString(), SAMPLES.toString()), LAUNCHER, "execute"));
        } else {
            cmd.addAll(launcher);
        }
        cmd.addAll(List.of("--disable-banner", "--disable-ansi-colors", "--details=summary", "--reports-dir",
                reports.toString()));
        cmd.addAll(launcherOptions);
        for (String c : classes) {
            cmd.add("--select-class=" + c);
        }
        ChildProcess process = ChildProcess.start(cmd, Harness.MODULE, dir);
        if (!process.waitFor(Harness.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            String dump = process.threadDump(jdk);
            process.kill();
            fail("child JVM still running after " + Harness.TIMEOUT_SECONDS + " s, killed: " + process.command()
                    + "\n--- stdout:\n" + process.stdout() + "--- stderr:\n" + process.stderr() + "--- thread dump:\n" + dump);
        }
        Run run = new Run(process.command(), process.exitValue(), process.stdout(), process.stderr(), report, dir);
        return new Launched(run, cases(reports.resolve("TEST-junit-jupiter.xml"), run));
    }

    /** The test cases of a legacy XML report (null: passed); fails if it is missing or a test case is there twice. */
    private static Map<String, Failed> cases(Path xml, Run run) throws Exception {
        assertTrue(Files.isRegularFile(xml), "no XML report " + xml + "\n" + run);
        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
                .getElementsByTagName("testcase");
        Map<String, Failed> all = new LinkedHashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            String name = c.getAttribute("classname") + "#" + c.getAttribute("name").replaceAll("\\(.*\\)$", "");
            assertFalse(all.containsKey(name), "twice in " + xml + ": " + name);
            NodeList failure = c.getElementsByTagName("failure");
            Element f = failure.getLength() > 0 ? (Element) failure.item(0) : null;
            all.put(name, f == null ? null : new Failed(f.getAttribute("message"), f.getTextContent()));
        }
        assertFalse(all.isEmpty(), "no test case in " + xml + "\n" + run);
        return all;
    }

    // ---- the failure message ----

    /**
     * One violation as a failure message gives it: its console line, the first frames of its
     * stack (an empty list: none at all; null: not checked), how many times.
     */
    static final class Entry {
        final String line;
        final List<String> frames;
        final String seen;

        Entry(String line, List<String> frames, String seen) {
            this.line = line;
            this.frames = frames;
            this.seen = seen;
        }
    }

    /** The violations of a failure message, in order, after its header. */
    static List<Entry> entries(String message, String header) {
        List<String> lines = message.lines().collect(Collectors.toList());
        assertEquals(header, lines.get(0), "header of\n" + message);
        List<Entry> entries = new ArrayList<>();
        int i = 1;
        while (i < lines.size()) {
            String line = lines.get(i++);
            List<String> frames = new ArrayList<>();
            while (i < lines.size() && lines.get(i).startsWith("\tat ")) {
                frames.add(lines.get(i++).substring("\tat ".length()));
            }
            assertTrue(i < lines.size(), "no '(seen ...)' after " + line + " in\n" + message);
            entries.add(new Entry(line, frames, lines.get(i++)));
        }
        return entries;
    }

    /**
     * The failure's message is the header, then exactly these violations: each line and count
     * exact, each stack starting with the frames given (see {@link Entry}), at most stacks=8
     * frames.
     */
    static void assertEntries(Launched l, Failed failure, String header, Entry... expected) {
        assertNotNull(failure, "expected a failure\n" + l);
        List<Entry> actual = entries(failure.message, header);
        assertEquals(expected.length, actual.size(), "violations in\n" + failure.message + "\n" + l);
        for (int i = 0; i < expected.length; i++) {
            Entry e = expected[i];
            Entry a = actual.get(i);
            String where = "violation " + i + " of\n" + failure.message + "\n" + l;
            assertEquals(e.line, a.line, where);
            assertEquals(e.seen, a.seen, where);
            assertTrue(a.frames.size() <= 8, where);
            if (e.frames != null && e.frames.isEmpty()) {
                assertEquals(List.of(), a.frames, where);
            } else if (e.frames != null) {
                assertTrue(a.frames.size() >= e.frames.size(), where);
                assertEquals(e.frames, a.frames.subList(0, e.frames.size()), where);
            }
        }
    }
}
