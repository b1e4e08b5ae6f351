package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A native thread, and a native method on a Java thread, use main's JNIEnv (kept by the library)
 * for MonitorEnter and MonitorExit: FOREIGN_STATE state=JNIEnv for each, at the native method
 * when there is one, and gilguard makes the calls with the thread's own env (under -Xcheck:jni
 * HotSpot aborts: "Using JNIEnv in the wrong thread"); their own envs are silent.
 */
class ForeignEnvTest {
    static final Site HERE = Site.nativeMethod("foreignenv", "NativeLib", "enterExitHere");
    static final String[] STDOUT = {"env-user held session: true", "env-user done; main holds session: false",
        "env-borrower held session: true", "env-borrower ended: true"};

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void anotherThreadsEnvIsReported(Jdk jdk) throws Exception {
        assertForeignEnvReported(Harness.run(jdk, "foreignenv", rules("foreignenv") + ",failOn=violation", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void underCheckJniTheJvmDoesNotAbort(Jdk jdk) throws Exception {
        // the wrappers sit above HotSpot's checked functions and pass them env-user's own env
        assertForeignEnvReported(Harness.run(jdk, List.of("-Xcheck:jni"), "foreignenv",
                rules("foreignenv") + ",failOn=violation", true));
    }

    private static void assertForeignEnvReported(Run run) throws Exception {
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run,
                // env-user is a native thread: no Java frame, so no site
                Report.of("FOREIGN_STATE", "JNIEnv", "env-user").owner("main").note("JNI MonitorEnter"),
                Report.of("FOREIGN_STATE", "JNIEnv", "env-user").owner("main").note("JNI MonitorExit"),
                Report.of("FOREIGN_STATE", "JNIEnv", "env-borrower").owner("main").at(HERE).note("JNI MonitorEnter"),
                Report.of("FOREIGN_STATE", "JNIEnv", "env-borrower").owner("main").at(HERE).note("JNI MonitorExit"));
        // gilguard made the calls with each thread's own env, so each held the monitor; without
        // gilguard HotSpot enters it for main, the env's owner, and both say false
        assertStdout(run, STDOUT);
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void itsOwnEnvIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "foreignenv", rules("foreignenv") + ",failOn=violation", true, "fixed");
        assertSilent(run);
        assertStdout(run, STDOUT);
        assertClean(run);
    }
}
