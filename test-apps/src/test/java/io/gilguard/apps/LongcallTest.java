package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertKinds;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.assertViolation;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The GIL held across a long native call: FORBIDDEN_HELD; "release" fixes it; "audit" only watches. */
class LongcallTest {
    static final Site COMPUTE = Site.nativeMethod("longcall", "NativeLib", "compute");
    // main takes the GIL twice; the acquisition site is the outer lock()
    static final Site ACQUIRE = Site.marked("longcall", "Main", "main", "longcall-acquire");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void forbidReportsTheHeldLock(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "longcall", rules("longcall-broken") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertKinds(run, Set.of("FORBIDDEN_HELD"), Set.of());
        assertViolation(run, "FORBIDDEN_HELD", "gil", "main", COMPUTE, ACQUIRE, 1);
        assertStdout(run, "progress during native call: 0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aRuleOnTheJniSymbolChecksTheNativeMethod(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "longcall", rules("longcall-symbol") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertKinds(run, Set.of("FORBIDDEN_HELD"), Set.of());
        assertViolation(run, "FORBIDDEN_HELD", "gil", "main", COMPUTE, ACQUIRE, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void releaseLetsOthersProgressAndRestoresTheHoldCount(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "longcall", rules("longcall-fixed") + ",failOn=violation", true);
        assertSilent(run);
        assertTrue(progress(run) > 0, "progress during the call\n" + run);
        assertStdout(run, "native call took >= 400 ms: true", "held after call: true",
                "hold count after call: 2 (expected 2)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void releaseTakesTheLockBackWhenTheCallThrows(Jdk jdk) throws Exception {
        // computeThenFail is bound by RegisterNatives: the wrapped method must still find it
        Run run = Harness.run(jdk, "longcall", rules("longcall-fixed") + ",failOn=violation", true, "fail");
        assertSilent(run);
        assertStdout(run, "exception from native: native failure", "progress during failing call: true",
                "hold count after failing call: 2 (expected 2)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void auditChangesNothingAndReportsNoViolation(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "longcall", rules("longcall-audit") + ",failOn=violation", true);
        assertSilent(run);
        assertEquals(0, progress(run), "progress during the call\n" + run);
        assertStdout(run, "held after call: true", "hold count after call: 2 (expected 2)");
    }

    private static int progress(Run run) {
        String prefix = "progress during native call: ";
        return run.stdoutLines().stream().filter(l -> l.startsWith(prefix))
                .map(l -> Integer.parseInt(l.substring(prefix.length()))).findFirst()
                .orElseThrow(() -> new AssertionError("no progress line\n" + run));
    }
}
