package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A method-pair lock misused: UNPAIRED_RELEASE, FOREIGN_RELEASE, and HELD_AT_THREAD_EXIT for the
 * thread that ends holding it; correct pairing is silent.
 */
class PairTest {
    static final Site UNPAIRED = Site.marked("pair", "Main", "unpairedRelease", "pair-unpaired-release");
    static final Site FOREIGN_ACQUIRE = Site.marked("pair", "Main", "workerA", "pair-foreign-acquire");
    static final Site FOREIGN_RELEASE = Site.marked("pair", "Main", "workerB", "pair-foreign-release");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void misusedPairIsReported(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "pair", rules("pair-broken") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // worker-a ends holding pystate (HELD_AT_THREAD_EXIT) before worker-b releases it
        assertReports(run,
                Report.of("UNPAIRED_RELEASE", "pystate", "main").at(UNPAIRED),
                Report.of("HELD_AT_THREAD_EXIT", "pystate", "worker-a").acquiredAt(FOREIGN_ACQUIRE).holdCount(1),
                Report.of("FOREIGN_RELEASE", "pystate", "worker-b").owner("worker-a").at(FOREIGN_RELEASE)
                        .acquiredAt(FOREIGN_ACQUIRE));
        // the native side accepted the foreign release without a word
        assertStdout(run, "release without ensure: native returned -1", "worker-b release: depth=0");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void pairedOnEachThreadIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "pair", rules("pair-fixed") + ",failOn=violation", true, "fixed");
        assertSilent(run);
        assertStdout(run, "nested ensure: depth=2", "paired release: depth=0",
                "worker-a ensure+release: depth=0", "worker-b ensure+release: depth=0");
        assertClean(run);
    }
}
