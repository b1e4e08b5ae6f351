package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Native methods that keep a JNI monitor past their return (LEAKED_AT_RETURN; also one that
 * swaps its caller's monitor for another, holding as many as before) or exit one they do not hold
 * (UNPAIRED_RELEASE), and a thread that then ends holding one (HELD_AT_THREAD_EXIT); pairing
 * them, and swapping back, is silent.
 */
class JniMonitorTest {
    static final String ENTERED = "entered through JNI MonitorEnter";
    static final Site ENTER_ONLY = Site.nativeMethod("jnimon", "NativeLib", "enterOnly");
    static final Site ENTER_THEN_THROW = Site.nativeMethod("jnimon", "NativeLib", "enterThenThrow");
    static final Site EXIT_ONLY = Site.nativeMethod("jnimon", "NativeLib", "exitOnly");
    static final Site SWAP = Site.nativeMethod("jnimon", "NativeLib", "swap");
    static final String RESOURCE = Report.jni("jnimon", "Resource");
    static final String JOURNAL = Report.jni("jnimon", "Journal");
    static final String HANDLE = Report.jni("jnimon", "Handle");
    static final String TABLE = Report.jni("jnimon", "Table");
    static final String CURSOR = Report.jni("jnimon", "Cursor");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void leakedAndUnpairedJniMonitorsAreReported(Jdk jdk) throws Exception {
        assertBrokenReported(Harness.run(jdk, "jnimon", rules("jnimon-broken") + ",failOn=violation", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void sameReportsUnderCheckJni(Jdk jdk) throws Exception {
        // HotSpot's own checks say nothing of these mistakes, and nothing of the wrappers
        assertBrokenReported(Harness.run(jdk, List.of("-Xcheck:jni"), "jnimon",
                rules("jnimon-broken") + ",failOn=violation", true));
    }

    private static void assertBrokenReported(Run run) throws Exception {
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // each monitor names, as where it was acquired, the native method that entered it
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", RESOURCE, "main").at(ENTER_ONLY).acquiredAt(ENTER_ONLY).note(ENTERED),
                // a monitor the rules name goes by its name
                Report.of("LEAKED_AT_RETURN", "cache", "main").at(ENTER_ONLY).acquiredAt(ENTER_ONLY).note(ENTERED),
                // a native method that throws is checked as one that returns
                Report.of("LEAKED_AT_RETURN", JOURNAL, "main").at(ENTER_THEN_THROW).acquiredAt(ENTER_THEN_THROW)
                        .note(ENTERED),
                Report.of("UNPAIRED_RELEASE", HANDLE, "main").at(EXIT_ONLY).note("JNI MonitorExit"),
                Report.of("LEAKED_AT_RETURN", TABLE, "jni-worker").at(ENTER_ONLY).acquiredAt(ENTER_ONLY).note(ENTERED),
                Report.of("HELD_AT_THREAD_EXIT", TABLE, "jni-worker").acquiredAt(ENTER_ONLY).note(ENTERED),
                // its caller's Gate exited, a Cursor entered: as many held as before, not the same
                Report.of("LEAKED_AT_RETURN", CURSOR, "jni-swapper").at(SWAP).acquiredAt(SWAP).note(ENTERED),
                Report.of("HELD_AT_THREAD_EXIT", CURSOR, "jni-swapper").acquiredAt(SWAP).note(ENTERED),
                // main, too, ends holding its three: the java launcher detaches the main thread
                // (a ThreadEnd) before DestroyJavaVM; oldest first
                Report.of("HELD_AT_THREAD_EXIT", RESOURCE, "main").acquiredAt(ENTER_ONLY).note(ENTERED),
                Report.of("HELD_AT_THREAD_EXIT", "cache", "main").acquiredAt(ENTER_ONLY).note(ENTERED),
                Report.of("HELD_AT_THREAD_EXIT", JOURNAL, "main").acquiredAt(ENTER_THEN_THROW).note(ENTERED));
        assertStdout(run, "main holds resource: true", "main holds cache: true",
                "journal: parse failed (22: Invalid argument)", "main holds journal: true", "exitOnly: IllegalMonitorStateException",
                "jni-worker ended: true", "jni-swapper holds gate: false, cursor: true", "jni-swapper ended: true");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void pairedJniMonitorsAreSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "jnimon", rules("jnimon-fixed") + ",failOn=violation", true, "fixed");
        assertSilent(run);
        assertStdout(run, "main holds resource: false", "main holds cache: false",
                "journal: parse failed (22: Invalid argument)", "main holds journal: false", "handle: entered and exited", "jni-worker ended: true",
                "jni-swapper holds gate: true, cursor: false", "jni-swapper ended: true");
        assertClean(run);
    }

    /**
     * The JNI monitors' identity check asks which collector runs through java.management's own
     * helper, whose package the agent opens to the native hooks: the platform MXBean look-up
     * (which makes an {@code ObjectName} for each bean, some 30 ms of CPU at start-up) is not
     * used. The class loading log tells which ran; the run is as silent as its twin above.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theCollectorIsAskedWithoutThePlatformMBeans(Jdk jdk, @TempDir Path dir) throws Exception {
        ClassLoadLog log = ClassLoadLog.of(dir.resolve("classes.log"));
        Run run = Harness.run(jdk, log.jvmOptions(), "jnimon", rules("jnimon-fixed") + ",failOn=violation", true,
                "fixed");
        assertSilent(run);
        assertTrue(log.loaded("sun.management.GarbageCollectorImpl"), "the collectors were asked\n" + run);
        assertFalse(log.loaded("javax.management.ObjectName"), "no ObjectName made\n" + run);
    }
}
