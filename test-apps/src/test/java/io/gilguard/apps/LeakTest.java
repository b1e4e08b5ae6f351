package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertKinds;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.assertViolation;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.apps.Harness.Run;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A callback returns holding the GIL: LEAKED_AT_RETURN; unlocking in finally fixes it. */
class LeakTest {
    static final Site UPCALL = Site.marked("leak", "LeakyListener", "onEvent", "leak-upcall");
    static final Site ACQUIRE = Site.marked("leak", "LeakyListener", "onEvent", "leak-acquire");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.apps.Jdk#all")
    void leakedLockIsReported(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "leak", rules("leak-broken") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // native-cb-0 then really ends holding the lock, so HELD_AT_THREAD_EXIT is also right
        assertKinds(run, Set.of("LEAKED_AT_RETURN"), Set.of("HELD_AT_THREAD_EXIT"));
        assertViolation(run, "LEAKED_AT_RETURN", "gil", "native-cb-0", UPCALL, ACQUIRE, 1);
        assertStdout(run, "gil still held");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.apps.Jdk#all")
    void unlockInFinallyIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "leak", rules("leak-fixed") + ",failOn=violation", true, "fixed");
        assertSilent(run);
        assertStdout(run, "gil free");
    }
}
