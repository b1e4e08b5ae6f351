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
 * A native thread detaches holding two JNI monitors, as OpenJDK's runtime/Monitor/CompleteExit
 * does: HELD_AT_THREAD_EXIT for each, oldest first, before the detach releases them (a report
 * after the release would find them free and say nothing); exiting them first is silent.
 */
class CompleteExitTest {
    static final String ENTERED = "entered through JNI MonitorEnter";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void bothMonitorsHeldAtTheDetachAreReported(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "completeexit", rules("completeexit") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                Report.of("HELD_AT_THREAD_EXIT", Report.jni("completeexit", "Account"), "monitor-holder").note(ENTERED),
                // a class object's monitor (a static synchronized method's lock) is CLASS.class
                Report.of("HELD_AT_THREAD_EXIT", Report.jni("completeexit", "Registry") + ".class", "monitor-holder")
                        .note(ENTERED));
        // the detach released them, as HotSpot does, silently
        assertStdout(run, "monitors free after detach: true");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void exitingBothBeforeTheDetachIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "completeexit", rules("completeexit") + ",failOn=violation", true, "fixed");
        assertSilent(run);
        assertStdout(run, "monitors free after detach: true");
        assertClean(run);
    }
}
