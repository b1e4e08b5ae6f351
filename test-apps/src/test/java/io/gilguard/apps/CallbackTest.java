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

/** Native threads call back without the GIL: REQUIRED_NOT_HELD; "acquire" fixes it. */
class CallbackTest {
    static final Site UPCALL = Site.marked("callback", "Counter", "onEvent", "callback-upcall");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void requireReportsEveryCallbackWithoutTheLock(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "callback", rules("callback-broken") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertKinds(run, Set.of("REQUIRED_NOT_HELD"), Set.of());
        // native-cb-0 makes the first call before the other threads start; all 4 x 1000 are counted
        assertViolation(run, "REQUIRED_NOT_HELD", "gil", "native-cb-0", UPCALL, null, 4000);
        assertTrue(run.stdoutLines().stream().anyMatch(l -> l.matches("counter=\\d+ expected=4000")), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void withoutFailOnTheAppKeepsItsExitStatus(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "callback", rules("callback-broken"), true);
        assertEquals(0, run.exit, "exit status\n" + run);
        assertKinds(run, Set.of("REQUIRED_NOT_HELD"), Set.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void acquireMakesTheCountExact(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "callback", rules("callback-fixed") + ",failOn=violation", true);
        assertSilent(run);
        assertStdout(run, "counter=4000 expected=4000");
    }
}
