package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.apps.Harness.Run;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A native thread uses main's JNIEnv (kept by the library) for MonitorEnter and MonitorExit:
 * FOREIGN_STATE state=JNIEnv for each, and gilguard makes the calls with the thread's own env
 * (under -Xcheck:jni HotSpot aborts: "Using JNIEnv in the wrong thread"); its own env is silent.
 */
class ForeignEnvTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.apps.Jdk#all")
    void anotherThreadsEnvIsReported(Jdk jdk) throws Exception {
        assertForeignEnvReported(Harness.run(jdk, "foreignenv", rules("foreignenv") + ",failOn=violation", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.apps.Jdk#all")
    void underCheckJniTheJvmDoesNotAbort(Jdk jdk) throws Exception {
        // the wrappers sit above HotSpot's checked functions and pass them env-user's own env
        assertForeignEnvReported(Harness.run(jdk, List.of("-Xcheck:jni"), "foreignenv",
                rules("foreignenv") + ",failOn=violation", true));
    }

    private static void assertForeignEnvReported(Run run) throws Exception {
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // env-user is a native thread: no Java frame, so no site
        assertReports(run,
                Report.of("FOREIGN_STATE", "JNIEnv", "env-user").owner("main").note("JNI MonitorEnter"),
                Report.of("FOREIGN_STATE", "JNIEnv", "env-user").owner("main").note("JNI MonitorExit"));
        // gilguard made the calls with env-user's env, so env-user held the monitor; without
        // gilguard HotSpot enters it for main, the env's owner, and this says false
        assertStdout(run, "env-user held session: true", "env-user done; main holds session: false");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.apps.Jdk#all")
    void itsOwnEnvIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "foreignenv", rules("foreignenv") + ",failOn=violation", true, "fixed");
        assertSilent(run);
        assertStdout(run, "env-user held session: true", "env-user done; main holds session: false");
        assertClean(run);
    }
}
