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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A class-path library under {@code com.sun.} (as JNA's {@code com.sun.jna}) is the application's:
 * gilguard tells the JDK's classes by their loader, so its native method is checked.
 */
class ComSunTest {
    static final Site WORK = Site.nativeMethod("com.sun.gilguardtest.NativeLib", "work");
    static final Site ACQUIRE = Site.marked("comsun", "Main", "main", "comsun-acquire");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void forbidReportsTheCallHoldingTheLock(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "comsun", rules("comsun") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertReports(run, Report.of("FORBIDDEN_HELD", "gil", "main").at(WORK).acquiredAt(ACQUIRE));
        assertStdout(run, "work(41)=42");
        assertTrue(run.stderrLines().stream().noneMatch(l -> l.contains("matched no method")), run.toString());
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theCallWithoutTheLockIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "comsun", rules("comsun") + ",failOn=violation", true, "fixed");
        assertSilent(run);
        assertStdout(run, "work(41)=42");
        assertTrue(run.stderrLines().stream().noneMatch(l -> l.contains("matched no method")), run.toString());
        assertClean(run);
    }
}
