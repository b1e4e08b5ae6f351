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

/** Signals with and without the GIL (PyGTK): REQUIRED_NOT_HELD from the main loop only. */
class MainloopTest {
    static final Site UPCALL = Site.marked("mainloop", "Handler", "onSignal", "mainloop-upcall");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void mainLoopSignalsWithoutTheLockAreReported(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "mainloop", rules("mainloop-broken") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertKinds(run, Set.of("REQUIRED_NOT_HELD"), Set.of());
        // the 5 main-loop signals, not the synchronous one (which runs on main, GIL held)
        assertViolation(run, "REQUIRED_NOT_HELD", "gil", "glib-main", UPCALL, null, 5);
        assertStdout(run, "held=1 of 6");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void releaseAndAcquireRunEverySignalWithTheLock(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "mainloop", rules("mainloop-fixed") + ",failOn=violation", true);
        assertSilent(run);
        assertStdout(run, "held=6 of 6");
    }
}
