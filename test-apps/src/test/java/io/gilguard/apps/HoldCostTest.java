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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A long hold is a hold's native time, not a call's: one hold across 30 calls of 5 ms (the zstd
 * stream's monitor) is found, with its calls and methods; the same calls each under its own hold
 * are not; a native call whose time is its Java callbacks' (LMDB's comparator) is not, while the
 * same call spending that time in C is.
 */
class HoldCostTest {
    static final Site STEP = Site.nativeMethod("holdcost", "NativeLib", "step");
    static final Site SORT = Site.nativeMethod("holdcost", "NativeLib", "sort");
    static final Site HOLD = Site.marked("holdcost", "Main", "manyCallsInOneHold", "holdcost-hold");
    static final Site SORT_HOLD = Site.marked("holdcost", "Main", "sort", "holdcost-sort");
    static final Site WAIT = Site.marked("holdcost", "Main", "lambda$contended$0", "holdcost-wait");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void oneHoldAcrossManyShortCallsIsALongHold(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "holdcost", rules("holdcost") + ",failOn=violation", true, "many");
        assertSilent(run); // a finding is no violation
        assertEquals(List.of("LONG_HOLD_ACROSS_NATIVE", "CONTENDED"), kinds(run), run.toString());
        Map<String, Object> hold = finding(run, "LONG_HOLD_ACROSS_NATIVE");
        assertEquals("gil", hold.get("lock"), run.toString());
        assertEquals("holder", hold.get("thread"), run.toString());
        assertEquals(STEP.json(), hold.get("site"), run.toString()); // the method that took the most time
        assertEquals(HOLD.json(), hold.get("acquiredAt"), run.toString());
        long maxMillis = ((Number) hold.get("maxMillis")).longValue();
        assertTrue(maxMillis >= 150, "30 calls of 5 ms and 2 of 1 ms\n" + run);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) hold.get("hold");
        assertEquals(32L, first.get("calls"), run.toString());
        assertTrue(((Number) first.get("millis")).longValue() >= ((Number) first.get("nativeMillis")).longValue(),
                "the hold is longer than its native calls\n" + run);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> methods = (List<Map<String, Object>>) first.get("methods");
        assertEquals(List.of("NativeLib.step", "NativeLib.flush"), methods.stream().map(m -> m.get("method")).toList(),
                run.toString());
        assertEquals(List.of(30L, 2L), methods.stream().map(m -> m.get("calls")).toList(), run.toString());
        String line = "gilguard: LONG_HOLD_ACROSS_NATIVE lock=gil thread=\"holder\" at " + STEP + " acquired at " + HOLD
                + " held " + maxMillis + " ms in 32 native calls of a ";
        assertEquals(1, run.stderrLines().stream().filter(l -> l.startsWith(line)
                && l.contains(" ms hold: NativeLib.step ") && l.contains(" ms x30, NativeLib.flush ")
                && l.endsWith(" ms x2")).count(), line + "\n" + run);
        assertStdout(run, "waiter waited >= 100 ms: true");
        assertLockRow(run, 2, 32, 2); // the holder's hold and the waiter's
    }

    /** The waiter of the zstd pattern waited for the holder's native calls: who, how long, for whom. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aThreadThatWaitsForAHolderInNativeCodeIsContended(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "holdcost", rules("holdcost") + ",failOn=violation", true, "many");
        Map<String, Object> wait = finding(run, "CONTENDED");
        assertEquals("gil", wait.get("lock"), run.toString());
        assertEquals("waiter", wait.get("thread"), run.toString());
        assertEquals("holder", wait.get("owner"), run.toString());
        assertEquals(WAIT.json(), wait.get("site"), run.toString());
        assertEquals(HOLD.json(), wait.get("acquiredAt"), run.toString());
        assertEquals("holder in NativeLib.step", wait.get("note"), run.toString());
        long waited = ((Number) wait.get("maxMillis")).longValue();
        assertTrue(waited >= 100, "the waiter waited for most of 30 calls of 5 ms\n" + run);
        assertEquals(1, run.stderrLines().stream().filter(l -> l.equals("gilguard: CONTENDED lock=gil thread=\"waiter\""
                + " owner=\"holder\" at " + WAIT + " acquired at " + HOLD + " waited " + waited
                + " ms (holder in NativeLib.step)")).count(), run.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> gil = ((List<Map<String, Object>>) run.report().get("locks")).get(0);
        assertEquals(waited, gil.get("maxWaitMillis"), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aHoldPerCallIsNone(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "holdcost", rules("holdcost") + ",failOn=violation", true, "many-fixed");
        assertSilent(run);
        assertEquals(List.of(), run.findings(), run.toString());
        assertStdout(run, "waiter waited >= 100 ms: false");
        assertLockRow(run, 31, 30, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void callbackTimeIsNotNativeTime(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "holdcost", rules("holdcost") + ",failOn=violation", true, "upcalls");
        assertSilent(run);
        assertEquals(List.of(), run.findings(), run.toString());
        assertStdout(run, "comparisons: 20");
        assertLockRow(run, 1, 1, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theSameTimeSpentInCIsALongHold(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "holdcost", rules("holdcost") + ",failOn=violation", true, "upcalls-native");
        assertSilent(run);
        assertEquals(List.of("LONG_HOLD_ACROSS_NATIVE"), kinds(run), run.toString());
        Map<String, Object> hold = finding(run, "LONG_HOLD_ACROSS_NATIVE");
        assertEquals("main", hold.get("thread"), run.toString());
        assertEquals(SORT.json(), hold.get("site"), run.toString());
        assertEquals(SORT_HOLD.json(), hold.get("acquiredAt"), run.toString());
        assertTrue(((Number) hold.get("maxMillis")).longValue() >= 200, "20 sleeps of 10 ms in C\n" + run);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) hold.get("hold");
        assertEquals(1L, first.get("calls"), run.toString());
        assertStdout(run, "comparisons: 20");
    }

    /**
     * The exit table has one lock, gil, with these counts, on stderr after the header (before the
     * summary) and in the JSON report's {@code locks}.
     */
    private static void assertLockRow(Run run, long holds, long nativeCalls, long findings) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> locks = (List<Map<String, Object>>) run.report().get("locks");
        assertEquals(1, locks.size(), run.toString());
        Map<String, Object> gil = locks.get(0);
        assertEquals("gil", gil.get("lock"), run.toString());
        assertEquals(List.of(holds, nativeCalls, findings), List.of(gil.get("holds"), gil.get("nativeCalls"),
                gil.get("findings")), run.toString());
        assertTrue(((Number) gil.get("maxHeldMillis")).longValue() <= ((Number) gil.get("heldMillis")).longValue(),
                run.toString());
        List<String> lines = run.stderrLines();
        int header = lines.indexOf("gilguard: lock  holds  held ms  longest ms  native ms  native calls  longest native ms"
                + "  longest wait ms  findings");
        assertTrue(header >= 0, "table header\n" + run);
        String row = lines.get(header + 1);
        String[] cells = row.substring("gilguard: ".length()).trim().split(" +");
        assertEquals(List.of("gil", Long.toString(holds), gil.get("heldMillis").toString(),
                gil.get("maxHeldMillis").toString(), gil.get("nativeMillis").toString(), Long.toString(nativeCalls),
                gil.get("maxNativeMillis").toString(), gil.get("maxWaitMillis").toString(), Long.toString(findings)),
                List.of(cells), run.toString());
        assertTrue(lines.get(header + 2).startsWith("gilguard: 0 violations"), "the summary after the table\n" + run);
    }

    private static List<Object> kinds(Run run) {
        return run.findings().stream().map(f -> f.get("kind")).toList();
    }

    private static Map<String, Object> finding(Run run, String kind) {
        List<Map<String, Object>> found = run.findings().stream().filter(f -> kind.equals(f.get("kind"))).toList();
        assertEquals(1, found.size(), kind + "\n" + run);
        return found.get(0);
    }
}
