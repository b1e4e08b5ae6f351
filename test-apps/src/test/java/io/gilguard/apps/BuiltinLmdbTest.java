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
 * The built-in set rules=builtin:lmdbjava on lmdbjava 0.9.3 (pinned in the pom, with the LMDB
 * library of org.lmdbjava:native and jnr-ffi it brings): correct use meets every rule of the set
 * and breaks none; a comparator that keeps the application's lock is reported where LMDB called
 * it and at each native call it returned into.
 */
class BuiltinLmdbTest {
    /**
     * lmdbjava and what it needs at run time: LMDB's native library, jnr-ffi, jffi and its JNI
     * library, ASM (the versions Maven mediates with BuiltinJnrTest's: jnr-ffi 2.2.19, jffi 1.3.15).
     */
    static final List<String> LMDB = List.of("lmdbjava-", "native-0.9.33", "jnr-ffi-", "jnr-constants-",
            "jnr-a64asm-", "jnr-x86asm-", "jffi-1.3.15.jar", "jffi-1.3.15-native.jar", "asm-9", "asm-commons-",
            "asm-analysis-", "asm-tree-", "asm-util-");
    static final String APP = "io.gilguard.apps.builtin.LmdbApp";
    static final String SET = "rules=builtin:lmdbjava";
    static final String WITH_APP = SET + "+" + Harness.MODULE.resolve("src/test/resources/builtin/lmdb-app.rules");
    /** lmdbjava 0.9.3's comparator callback, the lambda in Dbi's constructor that calls the application's Comparator. */
    static final Site CALLBACK = Site.library("org.lmdbjava.Dbi", "lambda$new$0", "Dbi.java", 84);
    /** jffi's JNI natives that jnr-ffi's generated Library$Lmdb calls: mdb_put (5 arguments), mdb_get (4). */
    static final Site PUT = Site.nativeMethod("com.kenai.jffi.Foreign", "invokeL5");
    static final Site GET = Site.nativeMethod("com.kenai.jffi.Foreign", "invokeL4");
    static final Site LEAK = Site.markedInTest("builtin", "LmdbApp$1", "compare", "leak-lock");

    /** An environment, a database with a native-called comparator, 10 puts, a get. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void correctUseMeetsEveryRuleOfTheSetAndBreaksNone(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, APP, LMDB, SET + ",failOn=violation", "fixed");
        assertSilent(run);
        assertStdout(run, "key7=value7", "app lock free");
        assertTrue(compared(run) > 0, "compared\n" + run);
        assertEquals("gilguard: 0.1.0-SNAPSHOT, 0 locks, 3 boundary rules from builtin:lmdbjava", run.stderrLines().get(0),
                "loaded line\n" + run);
        assertEquals(List.of(), run.stderrLines().stream()
                .filter(l -> l.startsWith("gilguard: builtin:lmdbjava") || l.startsWith("gilguard: rule "))
                .collect(Collectors.toList()), "unused-rule lines\n" + run);
        assertClean(run);
    }

    /**
     * Each comparison keeps the lock once more: one report at the comparator callback (count: every
     * comparison), one at each jffi native it returned into (9 of the 10 puts: the first, into an
     * empty database, compares nothing; the get), and main ends holding
     * it once per comparison.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void comparatorThatKeepsTheApplicationsLockIsLeakedWhereLmdbCalledIt(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, APP, LMDB, WITH_APP + ",failOn=violation", "leak");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        long compared = compared(run);
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "app", "main").at(CALLBACK).acquiredAt(LEAK).count(compared),
                Report.of("LEAKED_AT_RETURN", "app", "main").at(PUT).acquiredAt(LEAK).count(9),
                Report.of("LEAKED_AT_RETURN", "app", "main").at(GET).acquiredAt(LEAK).count(1),
                Report.of("HELD_AT_THREAD_EXIT", "app", "main").acquiredAt(LEAK).holdCount(compared).count(1));
        assertStdout(run, "key7=value7", "app lock still held");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void comparatorThatUnlocksInFinallyIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, APP, LMDB, WITH_APP + ",failOn=violation", "fixed");
        assertSilent(run);
        assertTrue(compared(run) > 0, "compared\n" + run);
        assertStdout(run, "key7=value7", "app lock free");
        assertClean(run);
    }

    /** How many times LMDB called the application's comparator, as the app counted. */
    private static long compared(Run run) {
        return Long.parseLong(run.stdoutLines().stream().filter(l -> l.startsWith("compared=")).findFirst()
                .orElseThrow(() -> new AssertionError("no compared=\n" + run)).substring("compared=".length()));
    }
}
