package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A lock-order cycle across the boundary through a JNI monitor, found in runs where nothing
 * deadlocked: thread "writer" holds the GIL into a native method whose C code enters a table's
 * monitor (JNI MonitorEnter), and native thread "native-scanner" holds that monitor while an
 * upcall's acquire policy takes the GIL. Reported the same every run, whichever of the two closes
 * the cycle (the policy's acquisition, or the MonitorEnter, reported before it enters); silent
 * when the downcall lets the GIL go first (release) or the native thread takes the GIL first.
 * Under {@code enforce} on the GIL, the upcall's acquisition that would close the cycle is refused;
 * a cycle closed by native code's MonitorEnter is reported, and the monitor entered all the same.
 */
class JniCycleTest {
    /** Runs of each twin: thread timing differs from run to run, the report must not. */
    private static final int RUNS = 5;
    static final Site GIL = Site.marked("jnicycle", "Main", "updateUnderGil", "jnicycle-gil");
    static final Site UPDATE = Site.nativeMethod("jnicycle", "NativeLib", "update");
    static final Site UPCALL = Site.marked("jnicycle", "Indexer", "onRow", "jnicycle-upcall");
    static final String TABLE = Report.jni("jnicycle", "Table");
    /** What the C code of update prints to stderr once it has entered the table's monitor. */
    static final String ENTERED = "native: update entered the table";

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theUpcallsAcquisitionClosesTheCycle(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            Run run = Harness.run(jdk, "jnicycle", rules("jnicycle") + ",failOn=violation", true);
            assertReports(run, closedByTheUpcall());
            assertStdout(run, "writer: updated", "rows=1");
            assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
            assertClean(run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theMonitorEnterClosesTheCycleBeforeItEnters(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            Run run = Harness.run(jdk, "jnicycle", rules("jnicycle") + ",failOn=violation", true, "reverse");
            assertReports(run, closedByTheMonitorEnter());
            // told before the C code entered the monitor: on stderr, the report comes first
            List<String> lines = run.stderrLines();
            int report = indexOf(lines, "gilguard: LOCK_ORDER_INVERSION");
            int entered = indexOf(lines, ENTERED);
            assertTrue(report >= 0 && entered > report, "the report before '" + ENTERED + "'\n" + run);
            assertStdout(run, "writer: updated", "rows=1");
            assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
            assertClean(run);
        }
    }

    /** The upcall's acquisition closes the cycle: writer first, then the native thread's upcall takes gil holding the table. */
    private static Report closedByTheUpcall() {
        return Report.of("LOCK_ORDER_INVERSION", "gil", "native-scanner").at(UPCALL)
                .edge("gil", TABLE, "writer", GIL, UPDATE)
                .edge(TABLE, "gil", "native-scanner", null, UPCALL);
    }

    /** Native code's MonitorEnter closes it: the native thread first, then the writer's C code enters the table holding gil. */
    private static Report closedByTheMonitorEnter() {
        return Report.of("LOCK_ORDER_INVERSION", TABLE, "writer").at(UPDATE)
                .edge(TABLE, "gil", "native-scanner", null, UPCALL)
                .edge("gil", TABLE, "writer", GIL, UPDATE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void enforceRefusesTheUpcallsAcquisitionThatClosesTheCycle(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            Run run = Harness.run(jdk, "jnicycle", rules("jnicycle-enforce"), true);
            assertReports(run, closedByTheUpcall());
            // refused before it took gil: the callback never ran, its native caller got the error
            assertStdout(run, "writer: updated", "native-scanner: onRow refused (GilguardError)", "rows=0");
            assertEquals(0, run.exit, "exit status\n" + run);
            assertClean(run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void enforceOnlyReportsACycleClosedByNativeCodesMonitorEnter(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            Run run = Harness.run(jdk, "jnicycle", rules("jnicycle-enforce"), true, "reverse");
            assertReports(run, closedByTheMonitorEnter());
            // the C code entered the monitor all the same
            assertStdout(run, "writer: updated", "rows=1");
            assertTrue(run.stderrLines().contains(ENTERED), ENTERED + "\n" + run);
            assertEquals(0, run.exit, "exit status\n" + run);
            assertClean(run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aForbiddenLockHeldIntoTheDowncallIsStillAnOrder(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            Run run = Harness.run(jdk, "jnicycle", rules("jnicycle-forbid") + ",failOn=violation", true);
            assertReports(run, Report.of("FORBIDDEN_HELD", "gil", "writer").at(UPDATE).acquiredAt(GIL), closedByTheUpcall());
            assertStdout(run, "writer: updated", "rows=1");
            assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
            assertClean(run);
        }
    }

    /**
     * The cycle in CI's files, both valid: the JUnit failure's message is the line; SARIF relates
     * every site there is (the native thread's monitor has none: no Java frame entered it; a
     * native method has no line).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theCycleIsInTheJunitAndSarifFiles(Jdk jdk) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Harness.MODULE.resolve("target/formats")),
                "jnicycle-jdk" + jdk.feature() + "-");
        Path xml = dir.resolve("gilguard.xml");
        Path sarif = dir.resolve("gilguard.sarif");
        Run run = Harness.run(jdk, "jnicycle", rules("jnicycle") + ",junit=" + xml + ",sarif=" + sarif, true);
        assertReports(run, closedByTheUpcall());
        String junit = Files.readString(xml);
        assertEquals(List.of(), Schemas.junitErrors(junit), junit);
        org.w3c.dom.NodeList failures = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(xml.toFile()).getElementsByTagName("failure");
        assertEquals(1, failures.getLength(), junit);
        assertEquals(closedByTheUpcall().line(), ((org.w3c.dom.Element) failures.item(0)).getAttribute("message"));
        String text = Files.readString(sarif);
        assertEquals(List.of(), Schemas.sarifErrors(text), text);
        Map<?, ?> result = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(text)).get("runs")).get(0))
                .get("results")).get(0);
        assertEquals("LOCK_ORDER_INVERSION", result.get("ruleId"));
        List<String> related = new ArrayList<>();
        for (Object o : (List<?>) result.get("relatedLocations")) {
            Map<?, ?> location = (Map<?, ?>) o;
            Map<?, ?> physical = (Map<?, ?>) location.get("physicalLocation");
            Map<?, ?> region = (Map<?, ?>) physical.get("region");
            related.add(((Map<?, ?>) location.get("message")).get("text") + " :"
                    + (region == null ? ((Map<?, ?>) physical.get("artifactLocation")).get("uri") : region.get("startLine")));
        }
        assertEquals(List.of("thread \"writer\" took gil :" + GIL.line,
                "thread \"writer\" took " + TABLE + " holding gil :io/gilguard/apps/jnicycle/NativeLib.java",
                "thread \"native-scanner\" took gil holding " + TABLE + " :" + UPCALL.line), related);
        assertEquals(2, ((List<?>) ((Map<?, ?>) result.get("properties")).get("cycle")).size(), text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aReleasePolicyAroundTheDowncallIsSilent(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            Run run = Harness.run(jdk, "jnicycle", rules("jnicycle-release") + ",failOn=violation", true, "release");
            assertSilent(run);
            assertStdout(run, "writer: updated", "rows=1");
            assertClean(run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theNativeThreadTakingTheGilFirstIsSilent(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            Run run = Harness.run(jdk, "jnicycle", rules("jnicycle") + ",failOn=violation", true, "gilfirst");
            assertSilent(run);
            assertStdout(run, "writer: updated", "rows=1");
            assertClean(run);
        }
    }
}
