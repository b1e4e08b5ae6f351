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
 * Native threads that end without DetachCurrentThread, which HotSpot would keep as live
 * threads for ever with their monitors locked: EXITED_ATTACHED, gilguard detaches them, and a
 * JNI monitor still held is then HELD_AT_THREAD_EXIT; detaching is silent.
 */
class ExitedAttachedTest {
    static final String DETACHED = "ended without DetachCurrentThread; gilguard detached it";
    static final String ENTERED = "entered through JNI MonitorEnter";
    static final String LEASE = Report.jni("attached", "Lease");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void threadsEndingAttachedAreReportedAndDetached(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "attached", rules("attached") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                // both threads end attached: one report (no lock, no site), seen twice, named by the first
                Report.of("EXITED_ATTACHED", null, "exits-attached").note(DETACHED).count(2),
                Report.of("HELD_AT_THREAD_EXIT", LEASE, "holds-lease").note(ENTERED));
        // without gilguard: true, true, false (the JVM keeps both threads and the monitor)
        assertStdout(run, "exits-attached still in the JVM: false", "holds-lease still in the JVM: false",
                "lease free: true");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aMonitorHeldWhenExitingAttachedIsReportedAfterTheExit(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "attached", rules("attached") + ",failOn=violation", true, "monitor");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                Report.of("EXITED_ATTACHED", null, "holds-lease").note(DETACHED),
                Report.of("HELD_AT_THREAD_EXIT", LEASE, "holds-lease").note(ENTERED));
        assertStdout(run, "holds-lease still in the JVM: false", "lease free: true");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void detachingIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "attached", rules("attached") + ",failOn=violation", true, "fixed");
        assertSilent(run);
        assertStdout(run, "exits-attached still in the JVM: false", "holds-lease still in the JVM: false",
                "lease free: true");
        assertClean(run);
    }
}
