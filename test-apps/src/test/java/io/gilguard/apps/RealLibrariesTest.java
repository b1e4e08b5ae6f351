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
import java.util.Map;
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

    static final List<String> ZSTD = List.of("zstd-jni-");
    static final String ZSTD_STREAM = "com.github.luben.zstd.ZstdOutputStreamNoFinalizer";

    /**
     * zstd-jni 1.5.7-28 compresses through JNI on 17 and through FFM on 22+: one rules file, which
     * names the C function of each, reports the same long hold of the stream's monitor on both,
     * taken by its {@code synchronized write}; only the place the call is made differs.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void zstdHoldsTheStreamsMonitorAcrossCompressionThroughJniAndFfm(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.real.ZstdLongHold", ZSTD,
                rules("zstd-long-hold") + ",longHold=40");
        assertEquals(0, run.exit, "exit status\n" + run);
        assertEquals(List.of(), run.violations(), "violations\n" + run);
        boolean ffm = jdk.feature() >= 22;
        // the write's first line, in the class file of each JDK's version of the jar
        Site write = Site.library(ZSTD_STREAM, "write", "ZstdOutputStreamNoFinalizer.java", ffm ? 454 : 400);
        Site call = ffm ? Site.library("com.github.luben.zstd.ZstdBinding", "compressStream2", "ZstdBinding.java", 1104)
                : Site.nativeMethod(ZSTD_STREAM, "compressStream");
        String symbol = ffm ? "ZSTD_compressStream2_simpleArgs" : null;
        List<Map<String, Object>> findings = run.findings();
        assertEquals(1, findings.size(), "findings\n" + run);
        Map<String, Object> hold = findings.get(0);
        assertEquals("LONG_HOLD_ACROSS_NATIVE", hold.get("kind"), "kind\n" + run);
        assertEquals("zstream", hold.get("lock"), "lock\n" + run);
        assertEquals("main", hold.get("thread"), "thread\n" + run);
        assertTrue(((String) hold.get("object")).startsWith(ZSTD_STREAM + "@"), "object\n" + run);
        assertEquals(call.json(), hold.get("site"), "site\n" + run);
        assertEquals(symbol, hold.get("native"), "native\n" + run);
        assertEquals(write.json(), hold.get("acquiredAt"), "acquiredAt\n" + run);
        assertTrue(((Number) hold.get("maxMillis")).longValue() >= 40, "maxMillis\n" + run);
        String line = "gilguard: LONG_HOLD_ACROSS_NATIVE lock=zstream object=" + hold.get("object") + " thread=\"main\" at "
                + call + (ffm ? " native=" + symbol : "") + " acquired at " + write + " held ";
        assertEquals(1, run.stderrLines().stream().filter(l -> l.startsWith(line)).count(), line + "\n" + run);
        // the rule for the other JDK's way matched nothing here, and says so
        String unused = ffm ? "native:Java_com_github_luben_zstd_ZstdOutputStreamNoFinalizer_compressStream"
                : "native:ZSTD_compressStream2*";
        assertEquals(1, run.stderrLines().stream().filter(l -> l.startsWith("gilguard: rule ")
                && l.contains(" matched no call: downcall " + unused + " (")).count(), "unused rule line\n" + run);
        assertStdout(run, "compressed 4194304 bytes to 1317506");
        assertClean(run);
    }

    private static String rules(String name) {
        return "rules=" + Harness.MODULE.resolve("src/test/resources/real").resolve(name + ".rules");
    }
}
