package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertKinds;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.assertViolation;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lock method, a condition, a monitor and a virtual thread keep the ledger exact: the
 * require/forbid checks after each step stay silent, and only the two planted mistakes show.
 */
class LocksTest {
    static final Site UNPAIRED = Site.marked("locks", "Main", "main", "locks-unpaired");
    static final Site MUST_HOLD = Site.marked("locks", "Main", "mustHoldGil", "locks-must-hold");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void onlyThePlantedMistakesAreReported(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "locks", rules("locks") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertViolation(run, "UNPAIRED_RELEASE", "gil", "main", UNPAIRED, null, 1);
        if (jdk.feature() >= 21) {
            assertKinds(run, Set.of("UNPAIRED_RELEASE", "REQUIRED_NOT_HELD"), Set.of());
            assertViolation(run, "REQUIRED_NOT_HELD", "gil", "virtual-1", MUST_HOLD, null, 1);
            assertStdout(run, "virtual thread ran", "steps=16");
        } else {
            assertKinds(run, Set.of("UNPAIRED_RELEASE"), Set.of());
            assertStdout(run, "virtual threads: not in this JDK", "steps=14");
        }
        assertStdout(run, "tryLock while another thread holds it: false", "await: waiter woke true",
                "unlock without lock: IllegalMonitorStateException");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void everyLockMethodKeepsTheLedgerExact(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "locks", rules("locks") + ",failOn=violation", true, "fixed");
        assertSilent(run);
        assertStdout(run, "tryLock while another thread holds it: false", "await: waiter woke true",
                jdk.feature() >= 21 ? "steps=15" : "steps=14");
    }
}
