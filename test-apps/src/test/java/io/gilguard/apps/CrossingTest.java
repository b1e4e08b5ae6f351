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
 * RocksDB's listener shape: native code calls a private {@code onFlushCompletedProxy}, which calls
 * the public {@code onFlushCompleted}, and the glob {@code #on*} matches both. One callback is one
 * crossing: whatever it breaks is reported once, at the outermost matched frame (the proxy, where
 * native code entered Java). A callback made from inside a native call is a new crossing, checked
 * again.
 */
class CrossingTest {
    static final Site FLUSH_PROXY = Site.marked("crossing", "AbstractEventListener", "onFlushCompletedProxy",
            "flush-proxy");
    static final Site COMPACTION_PROXY = Site.marked("crossing", "AbstractEventListener",
            "onCompactionCompletedProxy", "compaction-proxy");
    static final Site LEAK_ACQUIRE = Site.marked("crossing", "Leaky", "onFlushCompleted", "leak-acquire");
    /** Callbacks in the relay modes (the app's Main.RELAYS). */
    static final long RELAYS = 10;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aCallbackWithoutTheLockIsReportedOnceAtTheProxy(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "crossing", rules("crossing-broken") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // not also at Counting.onFlushCompleted: native-cb-0 calls first; all 4 x 1000 are counted once
        assertReports(run, Report.of("REQUIRED_NOT_HELD", "gil", "native-cb-0").at(FLUSH_PROXY).count(4000));
        assertTrue(run.stdoutLines().stream().anyMatch(l -> l.matches("counter=\\d+ expected=4000")), run.toString());
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void acquireAtTheProxyMakesTheCountExact(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "crossing", rules("crossing-fixed") + ",failOn=violation", true);
        assertSilent(run);
        assertStdout(run, "counter=4000 expected=4000");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aCallbackThatKeepsTheLockIsLeakedOnceAtTheProxy(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "crossing", rules("crossing-fixed") + ",failOn=violation", true, "leak");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // not also at Leaky.onFlushCompleted; native-cb-0 then detaches holding the lock
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "gil", "native-cb-0").at(FLUSH_PROXY).acquiredAt(LEAK_ACQUIRE),
                Report.of("HELD_AT_THREAD_EXIT", "gil", "native-cb-0").acquiredAt(LEAK_ACQUIRE).holdCount(1));
        assertStdout(run, "gil still held");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aCallbackThatGivesTheLockBackIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "crossing", rules("crossing-fixed") + ",failOn=violation", true, "leak", "fixed");
        assertSilent(run);
        assertStdout(run, "gil free");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aCallbackFromInsideANativeCallIsANewCrossing(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "crossing", rules("crossing-broken") + ",failOn=violation", true, "relay");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // upcall (flush proxy), downcall (NativeLib.compact), upcall (compaction proxy): each
        // crossing once, at its proxy, and neither at Relay's own methods
        assertReports(run,
                Report.of("REQUIRED_NOT_HELD", "gil", "native-cb-0").at(FLUSH_PROXY).count(RELAYS),
                Report.of("REQUIRED_NOT_HELD", "gil", "native-cb-0").at(COMPACTION_PROXY).count(RELAYS));
        assertStdout(run, "relay: flushes=10 compactions=10 gil free");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aCallbackCalledFromJavaInsideACallbackIsTheSameCrossing(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "crossing", rules("crossing-broken") + ",failOn=violation", true, "direct");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        // Relay.onCompactionCompleted, called by Relay.onFlushCompleted: no report of its own
        assertReports(run, Report.of("REQUIRED_NOT_HELD", "gil", "native-cb-0").at(FLUSH_PROXY).count(RELAYS));
        assertStdout(run, "direct: flushes=10 compactions=10 gil free");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aCallbackFromInsideANativeCallWithTheLockIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "crossing", rules("crossing-fixed") + ",failOn=violation", true, "relay");
        assertSilent(run);
        assertStdout(run, "relay: flushes=10 compactions=10 gil free");
        assertClean(run);
    }
}
