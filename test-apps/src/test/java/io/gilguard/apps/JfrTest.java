package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.ChildProcess;
import io.gilguard.testsupport.Jdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Violations and findings as JFR events: a recording made with {@code -XX:StartFlightRecording}
 * holds one event per occurrence, with the fields of the stderr line and the reporting thread's
 * stack; the thresholds of the shipped {@code .jfc} apply; with no recording no event class is
 * loaded; without the {@code jdk.jfr} module gilguard says so once and reports as always.
 */
class JfrTest {
    private static final String[] OWN_FRAMES = {"io.gilguard.runtime.", "io.gilguard.report."};
    private static final AtomicInteger FILES = new AtomicInteger();
    private static final String NO_JFR = "gilguard: no JFR events: this JVM has no jdk.jfr module (a jlink image or "
            + "--limit-modules left it out)";
    static final Site UNLOCK = Site.marked("holdcost", "Main", "manyCallsInOneHold", "holdcost-unlock");
    static final Site COMPUTE_CALL = Site.marked("longcall", "Main", "main", "longcall-compute");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aLongHoldAndAContendedWaitAreEvents(Jdk jdk) throws Exception {
        Path jfr = recordingFile(jdk, "holdcost");
        Run run = Harness.run(jdk, List.of("-XX:StartFlightRecording=filename=" + jfr), "holdcost",
                rules("holdcost") + ",failOn=violation", true, "many");
        assertSilent(run);
        List<RecordedEvent> events = gilguardEvents(jfr, run);
        assertEquals(List.of("gilguard.Contended", "gilguard.LongHold"), names(events), run.toString());

        Map<String, Object> finding = finding(run, "LONG_HOLD_ACROSS_NATIVE");
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) finding.get("hold");
        RecordedEvent hold = only(events, "gilguard.LongHold");
        assertEquals("gil", hold.getString("lock"), hold.toString());
        assertNull(hold.getString("object"), hold.toString());
        assertEquals(finding.get("maxMillis"), hold.getDuration("nativeTime").toMillis(), hold + "\n" + run);
        assertTrue(hold.getDuration("nativeTime").toMillis() >= 150, "30 calls of 5 ms\n" + hold);
        assertEquals(first.get("millis"), hold.getDuration("holdTime").toMillis(), hold + "\n" + run);
        assertEquals(32, hold.getInt("nativeCalls"), hold.toString());
        assertEquals("NativeLib.step", hold.getString("topMethod"), hold.toString());
        String methods = hold.getString("methods");
        assertTrue(methods.matches("NativeLib\\.step \\d+ ms x30, NativeLib\\.flush \\d+ ms x2"), methods);
        assertEquals(HoldCostTest.STEP.toString(), hold.getString("site"), hold.toString());
        assertEquals(HoldCostTest.HOLD.toString(), hold.getString("acquiredAt"), hold.toString());
        assertNull(hold.getString("nativeFunction"), hold.toString());
        assertEquals("holder", hold.getThread().getJavaName(), hold.toString());
        assertFirstAppFrame(hold, UNLOCK); // the hold ends at the unlock, where it is judged

        Map<String, Object> waitFinding = finding(run, "CONTENDED");
        RecordedEvent wait = only(events, "gilguard.Contended");
        assertEquals("gil", wait.getString("lock"), wait.toString());
        assertEquals(waitFinding.get("maxMillis"), wait.getDuration("waitTime").toMillis(), wait + "\n" + run);
        assertTrue(wait.getDuration("waitTime").toMillis() >= 100, wait.toString());
        assertEquals("holder", wait.getString("holder"), wait.toString());
        assertEquals("NativeLib.step", wait.getString("holderNativeMethod"), wait.toString());
        assertEquals(HoldCostTest.WAIT.toString(), wait.getString("site"), wait.toString());
        assertEquals(HoldCostTest.HOLD.toString(), wait.getString("acquiredAt"), wait.toString());
        assertEquals("waiter", wait.getThread().getJavaName(), wait.toString());
        assertFirstAppFrame(wait, HoldCostTest.WAIT);

        String printed = jfrPrint(jdk, "gilguard.LongHold", jfr);
        for (String line : List.of("gilguard.LongHold {", "  lock = \"gil\"", "  nativeCalls = 32",
                "  topMethod = \"NativeLib.step\"", "  acquiredAt = \"" + HoldCostTest.HOLD + "\"",
                "  eventThread = \"holder\"")) {
            assertTrue(printed.lines().anyMatch(l -> l.startsWith(line)), "jfr print shows " + line + "\n" + printed);
        }
        assertFalse(printed.contains("gilguard.Contended"), printed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aViolationIsAnEvent(Jdk jdk) throws Exception {
        Path jfr = recordingFile(jdk, "longcall");
        Run run = Harness.run(jdk, List.of("-XX:StartFlightRecording=filename=" + jfr), "longcall",
                rules("longcall-broken"), true);
        List<RecordedEvent> events = gilguardEvents(jfr, run);
        // the 400 ms call under the lock is also a long hold
        assertEquals(List.of("gilguard.LongHold", "gilguard.Violation"), names(events), run.toString());
        RecordedEvent v = only(events, "gilguard.Violation");
        assertEquals("FORBIDDEN_HELD", v.getString("kind"), v.toString());
        assertFalse(v.getBoolean("finding"), v.toString());
        assertEquals("gil", v.getString("lock"), v.toString());
        assertEquals("main", v.getString("thread"), v.toString());
        assertNull(v.getString("owner"), v.toString());
        assertEquals(LongcallTest.COMPUTE.toString(), v.getString("site"), v.toString());
        assertEquals(LongcallTest.ACQUIRE.toString(), v.getString("acquiredAt"), v.toString());
        assertEquals(0, v.getInt("holdCount"), v.toString());
        assertNull(v.getString("note"), v.toString());
        assertNull(v.getString("suppressedBy"), v.toString());
        assertEquals("main", v.getThread().getJavaName(), v.toString());
        // the native method's wrapper, then its caller's line
        RecordedFrame wrapper = appFrames(v).get(0);
        assertEquals(LongcallTest.COMPUTE.className + "." + LongcallTest.COMPUTE.method, frameName(wrapper), v.toString());
        RecordedFrame caller = appFrames(v).get(1);
        assertEquals(COMPUTE_CALL.className + "." + COMPUTE_CALL.method, frameName(caller), v.toString());
        assertEquals(COMPUTE_CALL.line, caller.getLineNumber(), v.toString());
    }

    /** A monitor family's wait: the member object is in the event, as in the report. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aMonitorWaitIsAContendedEvent(Jdk jdk) throws Exception {
        Path jfr = recordingFile(jdk, "monitorwait");
        Run run = Harness.run(jdk, List.of("-XX:StartFlightRecording=filename=" + jfr), "monitorwait",
                rules("monitorwait"), true, "method");
        Map<String, Object> finding = finding(run, "CONTENDED");
        RecordedEvent wait = only(gilguardEvents(jfr, run), "gilguard.Contended");
        assertEquals("db", wait.getString("lock"), wait.toString());
        assertEquals(finding.get("object"), wait.getString("object"), wait + "\n" + run);
        assertEquals(finding.get("maxMillis"), wait.getDuration("waitTime").toMillis(), wait + "\n" + run);
        assertEquals("holder", wait.getString("holder"), wait.toString());
        assertEquals("Db.prepare", wait.getString("holderNativeMethod"), wait.toString());
        assertEquals(MonitorWaitTest.STEP.toString(), wait.getString("site"), wait.toString());
        assertEquals(MonitorWaitTest.PREPARE.toString(), wait.getString("acquiredAt"), wait.toString());
        assertEquals("waiter", wait.getThread().getJavaName(), wait.toString());
        RecordedFrame top = appFrames(wait).get(0);
        assertEquals(MonitorWaitTest.STEP.className + "." + MonitorWaitTest.STEP.method, frameName(top), wait.toString());
    }

    /** The shipped settings record both events; raising a threshold in them drops that event. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theShippedSettingsFileSetsTheThresholds(Jdk jdk) throws Exception {
        String shipped = gilguardJfc(jdk);
        assertTrue(shipped.contains("<setting name=\"minNativeTime\">100 ms</setting>"), shipped);
        Path settings = Files.writeString(file(jdk, "gilguard", "jfc"), shipped);
        Path jfr = recordingFile(jdk, "shipped");
        Run run = Harness.run(jdk, List.of("-XX:StartFlightRecording=settings=" + settings + ",filename=" + jfr),
                "holdcost", rules("holdcost"), true, "many");
        assertEquals(List.of("gilguard.Contended", "gilguard.LongHold"), names(gilguardEvents(jfr, run)), run.toString());

        Path raised = Files.writeString(file(jdk, "raised", "jfc"), shipped.replace("<setting name=\"minNativeTime\">100 ms</setting>",
                "<setting name=\"minNativeTime\">10 s</setting>"));
        Path jfr2 = recordingFile(jdk, "raised");
        Run run2 = Harness.run(jdk, List.of("-XX:StartFlightRecording=settings=" + raised + ",filename=" + jfr2),
                "holdcost", rules("holdcost"), true, "many");
        assertEquals(List.of("LONG_HOLD_ACROSS_NATIVE", "CONTENDED"),
                run2.findings().stream().map(f -> f.get("kind")).collect(Collectors.toList()), run2.toString());
        assertEquals(List.of("gilguard.Contended"), names(gilguardEvents(jfr2, run2)), run2.toString());
    }

    /** With no recording, not one event class is loaded, nor JFR's internals: a finding costs what it did. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void withoutARecordingNoEventClassIsLoaded(Jdk jdk) throws Exception {
        ClassLoadLog classes = ClassLoadLog.of(file(jdk, "classes", "txt"));
        Run run = Harness.run(jdk, classes.jvmOptions(), "holdcost", rules("holdcost") + ",failOn=violation", true,
                "many");
        assertSilent(run);
        assertEquals(2, run.findings().size(), run.toString());
        assertTrue(classes.loaded("io.gilguard.report.jfr.JfrSink"), "the sink is there, waiting for a recording\n" + run);
        List<String> jfrLoaded = classes.names().stream().filter(n -> n.startsWith("jdk.jfr.internal.")
                || n.startsWith("io.gilguard.report.jfr.") && n.endsWith("Event")).collect(Collectors.toList());
        assertEquals(List.of(), jfrLoaded, run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void jfrOffRecordsNothing(Jdk jdk) throws Exception {
        Path jfr = recordingFile(jdk, "off");
        Run run = Harness.run(jdk, List.of("-XX:StartFlightRecording=filename=" + jfr), "holdcost",
                rules("holdcost") + ",jfr=off", true, "many");
        assertEquals(2, run.findings().size(), run.toString());
        assertEquals(List.of(), names(gilguardEvents(jfr, run)), run.toString());
    }

    /** A JVM without jdk.jfr: one line says why there are no events, and the reports are as always. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void withoutTheJfrModuleGilguardReportsAsAlways(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, List.of("--limit-modules", "java.base,java.instrument,java.management"),
                "holdcost", rules("holdcost") + ",failOn=violation", true, "many");
        assertSilent(run);
        assertEquals(1, run.stderrLines().stream().filter(NO_JFR::equals).count(), run.toString());
        assertEquals(List.of("LONG_HOLD_ACROSS_NATIVE", "CONTENDED"),
                run.findings().stream().map(f -> f.get("kind")).collect(Collectors.toList()), run.toString());
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.startsWith("gilguard: CONTENDED lock=gil thread=\"waiter\"")),
                run.toString());
        assertTrue(run.stderrLines().stream().noneMatch(l -> l.contains("Exception") || l.contains("Error")), run.toString());
    }

    // ---- helpers ----

    /** A fresh path for a recording of this test class. */
    private static Path recordingFile(Jdk jdk, String what) throws IOException {
        return file(jdk, what, "jfr");
    }

    /** A fresh path in target/jfr, numbered. */
    private static Path file(Jdk jdk, String what, String extension) throws IOException {
        Path dir = Harness.MODULE.resolve("target/jfr");
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format("%03d-%s-jdk%d.%s", FILES.incrementAndGet(), what, jdk.feature(), extension));
        Files.deleteIfExists(file);
        return file;
    }

    /** gilguard's events in the recording, in time order. */
    private static List<RecordedEvent> gilguardEvents(Path jfr, Run run) throws IOException {
        assertTrue(Files.isRegularFile(jfr), "no recording " + jfr + "\n" + run);
        return RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().startsWith("gilguard."))
                .sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()) != 0
                        ? a.getStartTime().compareTo(b.getStartTime())
                        : a.getEventType().getName().compareTo(b.getEventType().getName()))
                .collect(Collectors.toList());
    }

    /** The event names, sorted: the order two threads commit in is not the test's. */
    private static List<String> names(List<RecordedEvent> events) {
        return events.stream().map(e -> e.getEventType().getName()).sorted().collect(Collectors.toList());
    }

    private static RecordedEvent only(List<RecordedEvent> events, String name) {
        List<RecordedEvent> found = events.stream().filter(e -> e.getEventType().getName().equals(name))
                .collect(Collectors.toList());
        assertEquals(1, found.size(), name + ": " + found);
        return found.get(0);
    }

    private static Map<String, Object> finding(Run run, String kind) {
        List<Map<String, Object>> found = run.findings().stream().filter(f -> kind.equals(f.get("kind")))
                .collect(Collectors.toList());
        assertEquals(1, found.size(), kind + "\n" + run);
        return found.get(0);
    }

    /** The stack below gilguard's own frames (the runtime's and the sink's, on top). */
    private static List<RecordedFrame> appFrames(RecordedEvent e) {
        assertNotNull(e.getStackTrace(), "stack trace of " + e);
        return e.getStackTrace().getFrames().stream()
                .filter(f -> !f.isJavaFrame() || List.of(OWN_FRAMES).stream()
                        .noneMatch(p -> f.getMethod().getType().getName().startsWith(p)))
                .collect(Collectors.toList());
    }

    private static void assertFirstAppFrame(RecordedEvent e, Site site) {
        List<RecordedFrame> frames = e.getStackTrace().getFrames();
        assertTrue(frames.stream().limit(1).allMatch(f -> frameName(f).startsWith("io.gilguard.report.jfr.")),
                "committed by the sink\n" + e);
        RecordedFrame top = appFrames(e).get(0);
        assertEquals(site.className + "." + site.method, frameName(top), e.toString());
        assertEquals(site.line, top.getLineNumber(), e.toString());
    }

    private static String frameName(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** {@code $JAVA_HOME/bin/jfr print --events NAME FILE}, on the JDK that recorded it. */
    private static String jfrPrint(Jdk jdk, String event, Path jfr) throws IOException, InterruptedException {
        return tool(jdk, List.of(jdk.tool("jfr").toString(), "print", "--events", event, jfr.toString()), "jfr-print");
    }

    /** {@code java -jar gilguard.jar jfc}: the settings file the jar carries. */
    private static String gilguardJfc(Jdk jdk) throws IOException, InterruptedException {
        return tool(jdk, List.of(jdk.java().toString(), "-jar", Harness.AGENT_JAR.toString(), "jfc"), "jfc");
    }

    private static String tool(Jdk jdk, List<String> command, String label) throws IOException, InterruptedException {
        Path dir = Harness.MODULE.resolve("target/jfr")
                .resolve(String.format("%03d-%s-jdk%d", FILES.incrementAndGet(), label, jdk.feature()));
        Files.createDirectories(dir); // a run's files overwrite those of an earlier build's run
        ChildProcess p = ChildProcess.start(command, Harness.MODULE, dir);
        assertTrue(p.waitFor(Harness.TIMEOUT_SECONDS, TimeUnit.SECONDS), command.toString());
        assertEquals(0, p.exitValue(), command + "\n" + p.stdout() + p.stderr());
        return p.stdout();
    }
}
