package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in set rules=builtin:rocksdb on rocksdbjni 11.8.1 (pinned in the pom): correct use
 * meets every rule of the set and breaks none; a flush listener that keeps the application's lock
 * is reported at RocksDB's proxy, on RocksDB's flush thread.
 */
class BuiltinRocksTest {
    static final List<String> ROCKSDB = List.of("rocksdbjni-");
    static final String APP = "io.gilguard.apps.builtin.RocksApp";
    static final String SET = "rules=builtin:rocksdb";
    static final String WITH_APP = SET + "+" + Harness.MODULE.resolve("src/test/resources/builtin/rocks-app.rules");
    /** rocksdbjni 11.8.1 calls the listener's onFlushCompleted from this private method, which native code calls. */
    static final Site PROXY = Site.library("org.rocksdb.AbstractEventListener", "onFlushCompletedProxy",
            "AbstractEventListener.java", 130);
    static final Site LEAK = Site.markedInTest("builtin", "RocksApp$1", "onFlushCompleted", "leak-lock");

    /** Puts, a get, a flush with a listener, a compaction, an iterator with a table filter, a comparator, a logger. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void correctUseMeetsEveryRuleOfTheSetAndBreaksNone(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, APP, ROCKSDB, SET + ",failOn=violation", "fixed");
        assertSilent(run);
        assertStdout(run, "keys=100", "compared=true logged=true tables=true", "app lock free");
        assertEquals("gilguard: 0.1.0-SNAPSHOT, 0 locks, 6 boundary rules from builtin:rocksdb", run.stderrLines().get(0),
                "loaded line\n" + run);
        // every rule of the set met something: no line about the set, or about a rule, at exit
        assertEquals(List.of(), run.stderrLines().stream()
                .filter(l -> l.startsWith("gilguard: builtin:rocksdb") || l.startsWith("gilguard: rule "))
                .collect(Collectors.toList()), "unused-rule lines\n" + run);
        assertClean(run);
    }

    /**
     * The set's audit at the listener reports the application's lock, which the application only
     * names; RocksDB then detaches its flush thread from the JVM, which ends the thread for Java,
     * holding the lock.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void flushListenerThatKeepsTheApplicationsLockIsLeakedAtRocksDbsProxy(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, APP, ROCKSDB, WITH_APP + ",failOn=violation", "leak");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        String thread = flushThread(run);
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "app", thread).at(PROXY).acquiredAt(LEAK).count(1),
                Report.of("HELD_AT_THREAD_EXIT", "app", thread).acquiredAt(LEAK).holdCount(1).count(1));
        assertStdout(run, "keys=100", "app lock still held");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void flushListenerThatUnlocksInFinallyIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, APP, ROCKSDB, WITH_APP + ",failOn=violation", "fixed");
        assertSilent(run);
        flushThread(run);
        assertStdout(run, "keys=100", "app lock free");
        assertClean(run);
    }

    /**
     * The thread the listener ran on, as Java names it: RocksDB attaches its flush thread to the
     * JVM without a name, so the JVM gives it one (Thread-N); never the main thread.
     */
    private static String flushThread(Run run) {
        String prefix = "flush listener ran on: ";
        String thread = run.stdoutLines().stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no flush thread\n" + run)).substring(prefix.length());
        assertTrue(thread.matches("Thread-\\d+"), "flush thread " + thread + "\n" + run);
        return thread;
    }
}
