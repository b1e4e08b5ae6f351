package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CONTENDED for monitors (sqlite-jdbc's busy handler sleeping inside {@code synchronized native
 * prepare_utf8} while another thread calls the same connection): the waiter, the wait, the
 * holder, its native method and where it took the monitor, for a monitor family's synchronized
 * native methods and for synchronized blocks on a static lock's object; the twins that do the
 * native work outside the monitor are silent.
 */
class MonitorWaitTest {
    static final Site PREPARE = Site.nativeMethod("monitorwait", "Db", "prepare");
    static final Site STEP = Site.nativeMethod("monitorwait", "Db", "step");
    static final Site WORK = Site.nativeMethod("monitorwait", "Db", "work");
    static final Site HOLD_BLOCK = Site.marked("monitorwait", "Main", "holdBlock", "monitorwait-hold-block");
    static final Site WAIT_BLOCK = Site.marked("monitorwait", "Main", "waitBlock", "monitorwait-wait-block");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aWaitForASynchronizedNativeMethodIsContended(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "monitorwait", rules("monitorwait") + ",failOn=violation", true, "method");
        assertSilent(run);
        assertEquals(List.of("CONTENDED", "LONG_HOLD_ACROSS_NATIVE"), kinds(run), run.toString());
        Map<String, Object> wait = finding(run, "CONTENDED");
        assertEquals("db", wait.get("lock"), run.toString());
        String object = (String) wait.get("object");
        assertTrue(object != null && object.startsWith("io.gilguard.apps.monitorwait.Db@"), run.toString());
        assertEquals("waiter", wait.get("thread"), run.toString());
        assertEquals("holder", wait.get("owner"), run.toString());
        assertEquals(STEP.json(), wait.get("site"), run.toString()); // the synchronized method it waited to enter
        assertEquals(PREPARE.json(), wait.get("acquiredAt"), run.toString());
        assertEquals("holder in Db.prepare", wait.get("note"), run.toString());
        long waited = ((Number) wait.get("maxMillis")).longValue();
        assertTrue(waited >= 200 && waited < 5_000, "most of the holder's 300 ms in C\n" + run);
        assertEquals(1, run.stderrLines().stream().filter(l -> l.equals("gilguard: CONTENDED lock=db object=" + object
                + " thread=\"waiter\" owner=\"holder\" at " + STEP + " acquired at " + PREPARE + " waited " + waited
                + " ms (holder in Db.prepare)")).count(), run.toString());
        assertEquals(object, finding(run, "LONG_HOLD_ACROSS_NATIVE").get("object"), run.toString());
        assertEquals(waited, lockRow(run, "db").get("maxWaitMillis"), run.toString());
        assertStdout(run, "waiter waited >= 200 ms: true");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aWaitForASynchronizedBlockIsContended(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "monitorwait", rules("monitorwait-static") + ",failOn=violation", true, "block");
        assertSilent(run);
        assertEquals(List.of("CONTENDED", "LONG_HOLD_ACROSS_NATIVE"), kinds(run), run.toString());
        Map<String, Object> wait = finding(run, "CONTENDED");
        assertEquals("gil", wait.get("lock"), run.toString());
        assertEquals(null, wait.get("object"), run.toString());
        assertEquals("waiter", wait.get("thread"), run.toString());
        assertEquals("holder", wait.get("owner"), run.toString());
        assertEquals(WAIT_BLOCK.json(), wait.get("site"), run.toString());
        assertEquals(HOLD_BLOCK.json(), wait.get("acquiredAt"), run.toString());
        assertEquals("holder in Db.work", wait.get("note"), run.toString());
        long waited = ((Number) wait.get("maxMillis")).longValue();
        assertTrue(waited >= 200 && waited < 5_000, "most of the holder's 300 ms in C\n" + run);
        assertEquals(1, run.stderrLines().stream().filter(l -> l.equals("gilguard: CONTENDED lock=gil thread=\"waiter\""
                + " owner=\"holder\" at " + WAIT_BLOCK + " acquired at " + HOLD_BLOCK + " waited " + waited
                + " ms (holder in Db.work)")).count(), run.toString());
        assertEquals(waited, lockRow(run, "gil").get("maxWaitMillis"), run.toString());
        assertStdout(run, "waiter waited >= 200 ms: true");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void nativeWorkOutsideTheMonitorIsSilent(Jdk jdk) throws Exception {
        Run method = Harness.run(jdk, "monitorwait", rules("monitorwait") + ",failOn=violation", true, "method-fixed");
        assertSilent(method);
        assertEquals(List.of(), method.findings(), method.toString());
        assertStdout(method, "waiter waited >= 200 ms: false");
        Run block = Harness.run(jdk, "monitorwait", rules("monitorwait-static") + ",failOn=violation", true,
                "block-fixed");
        assertSilent(block);
        assertEquals(List.of(), block.findings(), block.toString());
        assertStdout(block, "waiter waited >= 200 ms: false");
    }

    /** Sorted: the waiter's report and the holder's come from two threads at about the same time. */
    private static List<Object> kinds(Run run) {
        return run.findings().stream().map(f -> f.get("kind")).sorted().collect(Collectors.toList());
    }

    private static Map<String, Object> finding(Run run, String kind) {
        List<Map<String, Object>> found = run.findings().stream().filter(f -> kind.equals(f.get("kind")))
                .collect(Collectors.toList());
        assertEquals(1, found.size(), kind + "\n" + run);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lockRow(Run run, String lock) {
        return ((List<Map<String, Object>>) run.report().get("locks")).stream().filter(l -> lock.equals(l.get("lock")))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + lock + "\n" + run));
    }
}
