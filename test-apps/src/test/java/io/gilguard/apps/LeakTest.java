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
 * A callback returns holding the GIL: LEAKED_AT_RETURN, then HELD_AT_THREAD_EXIT when its native
 * thread detaches; unlocking in finally fixes both.
 */
class LeakTest {
    static final Site UPCALL = Site.marked("leak", "LeakyListener", "onEvent", "leak-upcall");
    static final Site ACQUIRE = Site.marked("leak", "LeakyListener", "onEvent", "leak-acquire");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void leakedLockIsReported(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "leak", rules("leak-broken") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // native-cb-0 then detaches holding the lock: HELD_AT_THREAD_EXIT at its end
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "gil", "native-cb-0").at(UPCALL).acquiredAt(ACQUIRE),
                Report.of("HELD_AT_THREAD_EXIT", "gil", "native-cb-0").acquiredAt(ACQUIRE).holdCount(1));
        assertStdout(run, "gil still held");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void unlockInFinallyIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "leak", rules("leak-fixed") + ",failOn=violation", true, "fixed");
        assertSilent(run);
        assertStdout(run, "gil free");
        assertClean(run);
    }
}
