package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in set {@code builtin:sqlite-jdbc} on the real sqlite-jdbc 3.54.1.0: correct use is
 * silent and every rule of the set meets something; the application's mistakes at its callbacks
 * are reported with the user's few lines beside the set.
 */
class BuiltinSqliteTest {
    static final List<String> SQLITE = List.of("sqlite-jdbc-");
    static final String SET = "sqlite-jdbc";
    /** sqlite-jdbc 3.54.1.0 runs a statement inside this synchronized method of the connection's DB. */
    static final Site EXECUTE = Site.library("org.sqlite.core.DB", "execute", "DB.java", 977);
    static final Site STEP = Site.nativeMethod("org.sqlite.core.NativeDB", "step");
    /** Where sqlite-jdbc takes the connection's monitor around a statement's native calls. */
    static final Site SAFE_RUN = Site.library("org.sqlite.core.SafeStmtPtr", "safeRunInt", "SafeStmtPtr.java", 82);

    /**
     * Every boundary of the set crossed (the callbacks of all seven upcall rules, NativeDB's
     * natives) by code that keeps no lock of its own: no violation, no finding, and no line about
     * a rule of the set that met nothing. longHold is high: two writers on one file wait for
     * each other's commits inside step, holding their own connection's monitor, which no other
     * thread wants; how long depends on the machine.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void correctUseIsSilentAndMeetsEveryRule(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.builtin.SqliteWorkload", SQLITE,
                BuiltinRules.set(SET) + ",failOn=violation,longHold=5000");
        assertSilent(run);
        assertEquals(List.of(), run.findings(), "findings\n" + run);
        assertEquals(List.of(), BuiltinRules.unused(run), "rules that met nothing\n" + run);
        assertTrue(run.stderrLines().contains("gilguard: 0.1.0-SNAPSHOT, 1 lock, 8 boundary rules from builtin:sqlite-jdbc"),
                "the set loaded\n" + run);
        assertStdout(run, "twice: 10100", "total: 5050", "wsum: 199", "first reversed: name99",
                "updates=101 commits=2 rollbacks=1 progress true backup steps true", "backup rows: 100",
                "rows by the writers: 400");
        assertClean(run);
    }

    /**
     * The set's classes are described from their class files by gilguard ({@code DeclaredType})
     * and advised by its own weaver, with ASM alone: no other library's classes are loaded (a
     * library's type descriptions and class writing were once most of what the set cost a short
     * program at start-up). The JVM's class loading log says which classes were loaded.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theSetIsDescribedAndWovenWithAsmAlone(Jdk jdk, @TempDir Path dir) throws Exception {
        ClassLoadLog log = ClassLoadLog.of(dir.resolve("classes.log"));
        Run run = Harness.runWithLibraries(jdk, log.jvmOptions(), "io.gilguard.apps.builtin.SqliteWorkload", SQLITE,
                BuiltinRules.set(SET) + ",failOn=violation,longHold=5000");
        assertSilent(run);
        for (String own : List.of("io.gilguard.instrument.DeclaredType", "io.gilguard.instrument.advice.AdviceWeaver")) {
            assertTrue(log.loaded(own), own + " was loaded\n" + run);
        }
        assertEquals(List.of(), log.names().stream().filter(n -> n.startsWith("io.gilguard.shaded.")
                && !n.startsWith("io.gilguard.shaded.asm.")).toList(), "loaded\n" + run);
    }

    /**
     * A busy handler that sleeps runs holding its connection's monitor, and main, which wants
     * the connection meanwhile, waits: the user's one line, {@code upcall
     * org.sqlite.BusyHandler#callback forbid sqlite.db}, names the set's lock, and each of the
     * six calls is FORBIDDEN_HELD at the handler, the monitor taken by DB.execute.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void busyHandlerHoldingTheConnectionIsForbidden(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.builtin.SqliteBusyWait", SQLITE,
                BuiltinRules.setWith(SET, "sqlite-busy-forbid") + ",failOn=violation", "handler");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        Site busy = Site.markedInTest("builtin", "SqliteBusyWait$1", "callback", "busy");
        assertReports(run, Report.of("FORBIDDEN_HELD", "sqlite.db", "writer").object(db(run)).at(busy)
                .acquiredAt(EXECUTE).count(6));
        assertStdout(run, "writer busy: 5", "main: b total changes 0", "busy handler called 6 times");
        assertClean(run);
    }

    /**
     * The fixed twin: a busy timeout instead of a Java handler. No callback runs, so the user's
     * rule finds nothing; the set's audit still shows where the writer waited, in SQLite's C
     * code, holding its connection's monitor: the native step, for the 200 ms main kept its
     * transaction open.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void busyTimeoutInsteadOfAHandlerIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.builtin.SqliteBusyWait", SQLITE,
                BuiltinRules.setWith(SET, "sqlite-busy-forbid") + ",failOn=violation", "timeout");
        assertSilent(run);
        List<Map<String, Object>> findings = run.findings();
        assertEquals(1, findings.size(), "findings\n" + run);
        Map<String, Object> hold = findings.get(0);
        assertEquals("LONG_HOLD_ACROSS_NATIVE", hold.get("kind"), "kind\n" + run);
        assertEquals("sqlite.db", hold.get("lock"), "lock\n" + run);
        assertEquals(db(run), hold.get("object"), "object\n" + run);
        assertEquals("writer", hold.get("thread"), "thread\n" + run);
        assertEquals(STEP.json(), hold.get("site"), "site\n" + run);
        assertEquals(EXECUTE.json(), hold.get("acquiredAt"), "acquiredAt\n" + run);
        assertStdout(run, "writer wrote", "busy handler called 0 times");
        assertClean(run);
    }

    /**
     * An SQL function that returns to SQLite holding the application's lock: the user adds
     * only the lock ({@code lock app = static ...SqliteLeak.LOCK}); the set's upcall rule on
     * {@code Function#x*} makes the function a boundary, so it is LEAKED_AT_RETURN there, and
     * again at the native step that called it back, which returned holding it too; and the lock
     * order it leaves behind is reported.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void sqlFunctionKeepingTheApplicationsLockLeaks(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.builtin.SqliteLeak", SQLITE,
                BuiltinRules.setWith(SET, "sqlite-app-lock") + ",failOn=violation", "leak");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        Site take = Site.markedInTest("builtin", "SqliteLeak$Counted", "xFunc", "take");
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "app", "main").at(take).acquiredAt(take),
                Report.of("LEAKED_AT_RETURN", "app", "main").at(STEP).acquiredAt(take),
                inversionAfterTheLeak(take));
        assertStdout(run, "counted 1", "app lock held 1 times after the query");
        assertClean(run);
    }

    /**
     * The same function on three rows: on rows 2 and 3 it returns holding the lock once more than
     * at its entry, a reentry of a lock held before it. The report names that lock, once for each
     * row's return, not the connection's monitor the native step held all along (and reentered
     * and let go inside the function, through {@code result}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aKeptReentryNamesOnlyTheLockReentered(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.builtin.SqliteLeak", SQLITE,
                BuiltinRules.setWith(SET, "sqlite-app-lock") + ",failOn=violation", "leak", "3");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        Site take = Site.markedInTest("builtin", "SqliteLeak$Counted", "xFunc", "take");
        assertReports(run,
                Report.of("LEAKED_AT_RETURN", "app", "main").at(take).acquiredAt(take).count(3),
                Report.of("LEAKED_AT_RETURN", "app", "main").at(STEP).acquiredAt(take).count(3),
                inversionAfterTheLeak(take));
        assertStdout(run, "counted 3", "app lock held 3 times after the query");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void sqlFunctionUnlockingInFinallyIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.builtin.SqliteLeak", SQLITE,
                BuiltinRules.setWith(SET, "sqlite-app-lock") + ",failOn=violation", "fixed");
        assertSilent(run);
        assertStdout(run, "counted 1", "app lock held 0 times after the query");
        assertClean(run);
    }

    /**
     * What the leak leads to: the function took the app lock holding the connection's monitor,
     * and, keeping it, the thread then takes the monitor again holding the app lock (the next
     * statement): the two orders of a deadlock with any other thread that runs SQL.
     */
    private static Report inversionAfterTheLeak(Site take) {
        return Report.of("LOCK_ORDER_INVERSION", "sqlite.db", "main").at(SAFE_RUN)
                .edge("sqlite.db", "app", "main", EXECUTE, take)
                .edge("app", "sqlite.db", "main", take, SAFE_RUN);
    }

    /** The connection's DB object, as the app printed it ({@code db=CLASS@HASH}). */
    private static String db(Run run) {
        return run.stdoutLines().stream().filter(l -> l.startsWith("db=")).findFirst()
                .orElseThrow(() -> new AssertionError("no db= line\n" + run)).substring(3);
    }
}
