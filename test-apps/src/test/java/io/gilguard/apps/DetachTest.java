package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A native thread detaches after a callback that kept the GIL: HELD_AT_THREAD_EXIT at the
 * detach, with the Java acquisition site, also when it attaches anew for each call (JNA's
 * way); unlocking in finally is silent.
 */
class DetachTest {
    static final Site ACQUIRE = Site.marked("detach", "LeakyListener", "onEvent", "detach-acquire");
    static final Site PER_CALL_ACQUIRE = Site.marked("detach", "LeakyListener", "onCall", "detach-per-call-acquire");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void detachHoldingTheGilIsReported(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "detach", rules("detach") + ",failOn=violation", true, "attach");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run, Report.of("HELD_AT_THREAD_EXIT", "gil", "native-cb").acquiredAt(ACQUIRE).holdCount(1));
        assertStdout(run, "callbacks=1 threads=1", "gil still held");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void perCallAttachReportsOnlyTheCallThatKeptTheGil(Jdk jdk) throws Exception {
        // three attach/call/detach rounds, three Thread objects; only the last round keeps the GIL
        Run run = Harness.run(jdk, "detach", rules("detach") + ",failOn=violation", true, "percall");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run, Report.of("HELD_AT_THREAD_EXIT", "gil", "jna-cb").acquiredAt(PER_CALL_ACQUIRE).holdCount(1));
        assertStdout(run, "callbacks=3 threads=3", "gil still held");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void unlockBeforeDetachIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "detach", rules("detach") + ",failOn=violation", true, "attach", "fixed");
        assertSilent(run);
        assertStdout(run, "callbacks=1 threads=1", "gil free");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void unlockInEveryPerCallRoundIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "detach", rules("detach") + ",failOn=violation", true, "percall", "fixed");
        assertSilent(run);
        assertStdout(run, "callbacks=3 threads=3", "gil free");
        assertClean(run);
    }
}
