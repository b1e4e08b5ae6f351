package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java threads that end holding a lock, killed by an uncaught exception or returning normally:
 * HELD_AT_THREAD_EXIT with the acquisition site and hold count; try/finally is silent. The same
 * for a virtual thread on JDK 21+ (skipped before: no virtual threads).
 */
class ThreadEndTest {
    static final Site DIE_ACQUIRE = Site.marked("threadend", "Main", "dieHoldingGil", "threadend-die-acquire");
    // returns-locked takes DB twice; the acquisition site is the outer lock()
    static final Site RETURN_ACQUIRE = Site.marked("threadend", "Main", "returnHoldingDb", "threadend-return-acquire");
    static final String DIED = "dies-locked died: java.lang.IllegalStateException: work failed";
    static final Site VIRTUAL_ACQUIRE = Site.marked("threadend", "Main", "returnHoldingPool", "threadend-virtual-acquire");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void threadsEndingHoldingALockAreReported(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "threadend", rules("threadend") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                Report.of("HELD_AT_THREAD_EXIT", "gil", "dies-locked").acquiredAt(DIE_ACQUIRE).holdCount(1),
                Report.of("HELD_AT_THREAD_EXIT", "db", "returns-locked").acquiredAt(RETURN_ACQUIRE).holdCount(2));
        assertStdout(run, DIED, "dies-locked ended: true", "returns-locked ended: true", "gil still held",
                "db still held");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void virtualThreadEndingHoldingALockIsReported(Jdk jdk) throws Exception {
        // a virtual thread posts JVMTI VirtualThreadEnd, not ThreadEnd
        assumeTrue(jdk.feature() >= 21, "no virtual threads before JDK 21");
        Run run = Harness.run(jdk, "threadend", rules("threadend") + ",failOn=violation", true, "virtual");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                Report.of("HELD_AT_THREAD_EXIT", "pool", "virtual-locked").acquiredAt(VIRTUAL_ACQUIRE).holdCount(1));
        assertStdout(run, "virtual-locked ended: true", "pool still held");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void virtualThreadUnlockingInFinallyIsSilent(Jdk jdk) throws Exception {
        assumeTrue(jdk.feature() >= 21, "no virtual threads before JDK 21");
        Run run = Harness.run(jdk, "threadend", rules("threadend") + ",failOn=violation", true, "virtual", "fixed");
        assertSilent(run);
        assertStdout(run, "virtual-locked ended: true", "pool free");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void unlockInFinallyIsSilentEvenWhenTheThreadDies(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "threadend", rules("threadend") + ",failOn=violation", true, "fixed");
        assertSilent(run);
        assertStdout(run, DIED, "dies-locked ended: true", "returns-locked ended: true", "gil free", "db free");
        assertClean(run);
    }
}
