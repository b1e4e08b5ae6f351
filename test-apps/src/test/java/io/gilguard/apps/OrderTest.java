package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Lock-order inversions, found in runs where no thread ever waited: two threads take a
 * ReentrantLock and a monitor in opposite orders, one after the other (reported, the same cycle
 * every run); the same orders under a gate lock, and one order everywhere (silent); and, under
 * {@code enforce}, the acquisition that would close the cycle refused before it waits.
 */
class OrderTest {
    /** Runs of each twin: thread timing differs from run to run, the report must not. */
    private static final int RUNS = 5;
    static final Site FIRST_A = Site.marked("order", "Main", "aThenB", "order-first-a");
    static final Site FIRST_B = Site.marked("order", "Main", "aThenB", "order-first-b");
    static final Site SECOND_B = Site.marked("order", "Main", "bThenA", "order-second-b");
    static final Site SECOND_A = Site.marked("order", "Main", "bThenA", "order-second-a");

    /** "second" took a holding b, closing the cycle "first" began: a, b, a. */
    private static Report inversion() {
        return Report.of("LOCK_ORDER_INVERSION", "a", "second").at(SECOND_A)
                .edge("a", "b", "first", FIRST_A, FIRST_B)
                .edge("b", "a", "second", SECOND_B, SECOND_A);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void oppositeOrdersAreReportedThoughNothingDeadlocked(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            Run run = Harness.run(jdk, "order", rules("order") + ",failOn=violation", true);
            assertReports(run, inversion());
            assertStdout(run, "work=2");
            assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void oppositeOrdersUnderAGateLockAreSilent(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            Run run = Harness.run(jdk, "order", rules("order") + ",failOn=violation", true, "gate");
            assertSilent(run);
            assertStdout(run, "work=2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void oneOrderEverywhereIsSilent(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            Run run = Harness.run(jdk, "order", rules("order") + ",failOn=violation", true, "fixed");
            assertSilent(run);
            assertStdout(run, "work=2");
        }
    }

    /** The cycle in CI's files: the JUnit failure's message is the line, SARIF has every edge's two sites, both valid. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theCycleIsInTheJunitAndSarifFiles(Jdk jdk) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Harness.MODULE.resolve("target/formats")), "order-jdk" + jdk.feature() + "-");
        Path xml = dir.resolve("gilguard.xml");
        Path sarif = dir.resolve("gilguard.sarif");
        Run run = Harness.run(jdk, "order", rules("order") + ",junit=" + xml + ",sarif=" + sarif, true);
        assertReports(run, inversion());
        String junit = Files.readString(xml);
        assertEquals(List.of(), Schemas.junitErrors(junit), junit);
        org.w3c.dom.NodeList failures = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(xml.toFile()).getElementsByTagName("failure");
        assertEquals(1, failures.getLength(), junit);
        assertEquals(inversion().line(), ((org.w3c.dom.Element) failures.item(0)).getAttribute("message"));
        String text = Files.readString(sarif);
        assertEquals(List.of(), Schemas.sarifErrors(text), text);
        Map<?, ?> result = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) ((Map<?, ?>) Json.parse(text)).get("runs")).get(0))
                .get("results")).get(0);
        assertEquals("LOCK_ORDER_INVERSION", result.get("ruleId"));
        List<String> related = new ArrayList<>();
        for (Object o : (List<?>) result.get("relatedLocations")) {
            Map<?, ?> location = (Map<?, ?>) o;
            Map<?, ?> region = (Map<?, ?>) ((Map<?, ?>) location.get("physicalLocation")).get("region");
            related.add(((Map<?, ?>) location.get("message")).get("text") + " :" + region.get("startLine"));
        }
        assertEquals(List.of("thread \"first\" took a :" + FIRST_A.line, "thread \"first\" took b holding a :" + FIRST_B.line,
                "thread \"second\" took b :" + SECOND_B.line, "thread \"second\" took a holding b :" + SECOND_A.line), related);
        List<?> cycle = (List<?>) ((Map<?, ?>) result.get("properties")).get("cycle");
        assertEquals(2, cycle.size(), text);
    }

    /** 10,000 objects of a family, 100 threads at once, one order: the graph has one edge, nothing to say. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void tenThousandFamilyMembersInOneOrderAreSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "order", rules("order-scale") + ",failOn=violation", true, "scale");
        assertSilent(run);
        assertStdout(run, "scale: work=" + 100 * 9_999);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void enforceRefusesTheAcquisitionThatClosesTheCycle(Jdk jdk) throws Exception {
        for (int i = 0; i < RUNS; i++) {
            Run run = Harness.run(jdk, "order", rules("order-enforce"), true);
            assertReports(run, inversion());
            // refused before it took a: the second thread's work never ran
            assertStdout(run, "second: GilguardError taking a while holding b", "work=1");
            assertEquals(0, run.exit, "exit status\n" + run);
        }
    }
}
