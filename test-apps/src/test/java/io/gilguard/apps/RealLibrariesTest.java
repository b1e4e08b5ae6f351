package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertReports;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shapes of issue 10 in a real library, taken from Maven Central in test scope (versions pinned in the pom). */
class RealLibrariesTest {
    static final List<String> SQLITE = List.of("sqlite-jdbc-");
    static final String SQLITE_APP = "io.gilguard.apps.real.SqliteBusy";
    static final Site BUSY = Site.markedInTest("real", "SqliteBusy$1", "callback", "busy");
    static final Site UPDATE = Site.markedInTest("real", "SqliteUpdates", "lambda$listener$0", "update");
    /** sqlite-jdbc 3.54.1.0 steps a statement inside {@code synchronized (db)} here. */
    static final Site SAFE_RUN = Site.library("org.sqlite.core.SafeStmtPtr", "safeRunInt", "SafeStmtPtr.java", 82);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void sqliteBusyHandlerRunsHoldingTheConnectionsMonitor(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, SQLITE_APP, SQLITE, rules("sqlite-forbid") + ",failOn=violation");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        String db = run.stdoutLines().stream().filter(l -> l.startsWith("db=")).findFirst().orElseThrow().substring(3);
        assertReports(run, Report.of("FORBIDDEN_HELD", "db", "main").object(db).at(BUSY).acquiredAt(SAFE_RUN).count(4));
        assertStdout(run, "b busy: 5", "busy handler called 4 times");
        assertClean(run);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void sqliteBusyHandlerHasTheMonitorItRequires(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, SQLITE_APP, SQLITE, rules("sqlite-require") + ",failOn=violation");
        assertSilent(run);
        assertStdout(run, "busy handler called 4 times");
        assertClean(run);
    }

    /** A lambda listener, called back through NativeDB from SQLite's update hook. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void sqliteUpdateListenerLambdaIsAnUpcall(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.real.SqliteUpdates", SQLITE,
                rules("sqlite-updates") + ",failOn=violation");
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        String db = run.stdoutLines().stream().filter(l -> l.startsWith("db=")).findFirst().orElseThrow().substring(3);
        assertReports(run, Report.of("FORBIDDEN_HELD", "db", "main").object(db).at(UPDATE).acquiredAt(SAFE_RUN).count(3));
        assertStdout(run, "updates=3");
        assertClean(run);
    }

    private static String rules(String name) {
        return "rules=" + Harness.MODULE.resolve("src/test/resources/real").resolve(name + ".rules");
    }
}
