package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A dead thread's ledger goes with it: memory stays bounded however many threads come and go. */
class ChurnTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void ledgersDoNotOutliveTheirThreads(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "churn", rules("churn") + ",failOn=violation", true);
        assertSilent(run);
        assertStdout(run, "threads=20000 ledgers left=few");
    }
}
