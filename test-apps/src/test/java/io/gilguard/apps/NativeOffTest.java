package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native library cannot be extracted (its directory does not exist): one line says which
 * checks are off and why, the Java-side checks still report, and the native ones stay silent.
 */
class NativeOffTest {
    static final List<String> NO_DIR = List.of("-Dio.gilguard.nativehooks.dir=/nonexistent/dir");
    static final Pattern OFF_LINE = Pattern.compile(Pattern.quote(Harness.NATIVE_OFF)
            + " \\(thread-end, jni-monitors, exited-attached, foreign-env, monitor-contended\\): .*/nonexistent/dir.*"
            + Pattern.quote("; the Java-side checks stay on"));
    static final Site UPCALL = Site.marked("leak", "LeakyListener", "onEvent", "leak-upcall");
    static final Site ACQUIRE = Site.marked("leak", "LeakyListener", "onEvent", "leak-acquire");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void javaSideChecksStayOn(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, NO_DIR, "leak", rules("leak-broken") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertOffLine(run);
        // the boundary check still reports; the thread's end (a native check) does not
        assertReports(run, Report.of("LEAKED_AT_RETURN", "gil", "native-cb-0").at(UPCALL).acquiredAt(ACQUIRE));
        assertStdout(run, "gil still held");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void nativeChecksAreSilentAndTheAppRunsAsWithout(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, NO_DIR, "jnimon", rules("jnimon-broken") + ",failOn=violation", true);
        assertOffLine(run);
        assertSilent(run);
        assertStdout(run, "main holds resource: true", "main holds cache: true", "main holds journal: true", "exitOnly: IllegalMonitorStateException",
                "jni-worker ended: true", "jni-swapper holds gate: false, cursor: true", "jni-swapper ended: true");
    }

    private static void assertOffLine(Run run) throws Exception {
        assertClean(run, true);
        String line = run.stderrLines().stream().filter(l -> l.startsWith(Harness.NATIVE_OFF)).findFirst()
                .orElseThrow();
        assertTrue(OFF_LINE.matcher(line).matches(), "off line: " + line + "\n" + run);
    }
}
