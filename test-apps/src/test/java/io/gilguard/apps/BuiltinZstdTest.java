package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in set {@code builtin:zstd-jni} on the real zstd-jni 1.5.7-28, whose jar compresses
 * through JNI on JDK 17 and through FFM on 22+: the set names both ways, so on each JDK the other
 * way's rules meet nothing, and exactly those are said at exit, as parts of the library not used.
 */
class BuiltinZstdTest {
    static final List<String> ZSTD = List.of("zstd-jni-");
    static final String SET = "zstd-jni";
    static final String OUT = "com.github.luben.zstd.ZstdOutputStreamNoFinalizer";

    /**
     * Byte arrays in one call, and two threads each with its own streams, written and read in
     * chunks: no violation, no finding, and of the set's rules only the other JDK's way's are said
     * to have met nothing. longHold is high: how long a 64 KB step takes depends on the machine.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void correctUseIsSilentAndMeetsEveryRuleOfItsJdk(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.builtin.ZstdWorkload", ZSTD,
                BuiltinRules.set(SET) + ",failOn=violation,longHold=5000");
        assertSilent(run);
        assertEquals(List.of(), run.findings(), "findings\n" + run);
        // the rules of the other JDK's way, by their line in the set
        List<String> other = jdk.feature() >= 22
                ? List.of("downcall " + OUT + "#*", "downcall com.github.luben.zstd.ZstdInputStreamNoFinalizer#*",
                        "downcall com.github.luben.zstd.ZstdCompressCtx#*", "downcall com.github.luben.zstd.ZstdDecompressCtx#*")
                : List.of("downcall native:ZSTD_compressStream2_simpleArgs ", "downcall native:ZSTD_decompressStream_simpleArgs ",
                        "downcall native:ZSTD_compress2 ", "downcall native:ZSTD_decompressDCtx ");
        List<String> where = new ArrayList<>();
        for (String rule : other) {
            where.add(BuiltinRules.where(SET, BuiltinRules.line(SET, rule)));
        }
        assertEquals(List.of("gilguard: builtin:zstd-jni: 4 of its 10 rules met nothing in this run (parts of"
                + " com.github.luben:zstd-jni it did not use): " + String.join(", ", where)),
                BuiltinRules.unused(run), "rules that met nothing\n" + run);
        assertStdout(run, "array round trip true", "stream round trips true true");
        assertClean(run);
    }

    /**
     * One stream shared: the writer's 4 MB at level 19 holds the stream's monitor across the
     * native compression while main waits to write a line. The set alone finds it: one
     * LONG_HOLD_ACROSS_NATIVE on zstd.out, the writer's, at JNI compressStream on 17 and at the
     * FFM call of ZSTD_compressStream2_simpleArgs on 25, the monitor taken by the synchronized
     * write (its first line in each JDK's class file).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void sharedStreamHeldAcrossLongCompressionIsFound(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.builtin.ZstdShared", ZSTD,
                BuiltinRules.set(SET) + ",failOn=violation", "shared");
        assertSilent(run); // a finding is no violation
        boolean ffm = jdk.feature() >= 22;
        Site write = Site.library(OUT, "write", "ZstdOutputStreamNoFinalizer.java", ffm ? 454 : 400);
        Site call = ffm ? Site.library("com.github.luben.zstd.ZstdBinding", "compressStream2", "ZstdBinding.java", 1104)
                : Site.nativeMethod(OUT, "compressStream");
        String symbol = ffm ? "ZSTD_compressStream2_simpleArgs" : null;
        String stream = run.stdoutLines().stream().filter(l -> l.startsWith("stream=")).findFirst()
                .orElseThrow(() -> new AssertionError("no stream= line\n" + run)).substring(7);
        List<Map<String, Object>> holds = run.findings().stream()
                .filter(f -> "LONG_HOLD_ACROSS_NATIVE".equals(f.get("kind"))).collect(Collectors.toList());
        assertEquals(1, holds.size(), "findings\n" + run);
        Map<String, Object> hold = holds.get(0);
        assertContendedMain(run, stream, write);
        assertEquals("zstd.out", hold.get("lock"), "lock\n" + run);
        assertEquals(stream, hold.get("object"), "object\n" + run);
        assertEquals("zstd-writer", hold.get("thread"), "thread\n" + run);
        assertEquals(call.json(), hold.get("site"), "site\n" + run);
        assertEquals(symbol, hold.get("native"), "native\n" + run);
        assertEquals(write.json(), hold.get("acquiredAt"), "acquiredAt\n" + run);
        assertTrue(((Number) hold.get("maxMillis")).longValue() >= 100, "maxMillis\n" + run);
        String line = "gilguard: LONG_HOLD_ACROSS_NATIVE lock=zstd.out object=" + stream + " thread=\"zstd-writer\" at "
                + call + (ffm ? " native=" + symbol : "") + " acquired at " + write + " held ";
        assertEquals(1, run.stderrLines().stream().filter(l -> l.startsWith(line)).count(), line + "\n" + run);
        assertStdout(run, "main wrote to the shared stream", "compressed 4194304 bytes");
        assertClean(run);
    }

    /**
     * Main's write waits for the writer's whole compression: a CONTENDED finding, when the wait
     * began while the writer was inside a native call (main starts once the writer holds the
     * monitor; the writer may still be in Java then, as it sets up its first call on 25's FFM
     * path, and a wait that begins while the holder is in Java is not timed).
     */
    private static void assertContendedMain(Run run, String stream, Site write) {
        List<Map<String, Object>> waits = run.findings().stream().filter(f -> "CONTENDED".equals(f.get("kind")))
                .collect(Collectors.toList());
        assertTrue(waits.size() <= 1, "findings\n" + run);
        assertEquals(waits.size() + 1, run.findings().size(), "findings\n" + run);
        if (waits.isEmpty()) {
            return;
        }
        Map<String, Object> wait = waits.get(0);
        assertEquals("zstd.out", wait.get("lock"), "lock\n" + run);
        assertEquals(stream, wait.get("object"), "object\n" + run);
        assertEquals("main", wait.get("thread"), "thread\n" + run);
        assertEquals("zstd-writer", wait.get("owner"), "owner\n" + run);
        assertEquals(write.json(), wait.get("site"), "site\n" + run); // main's synchronized write
        assertEquals(write.json(), wait.get("acquiredAt"), "acquiredAt\n" + run);
        assertTrue(((String) wait.get("note")).startsWith("holder in "), "note\n" + run);
        assertTrue(((Number) wait.get("maxMillis")).longValue() >= 50, "maxMillis\n" + run);
    }

    /** The fixed twin: main writes its own stream, the writer in 64 KB chunks at the default level: nothing found. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void ownStreamsInChunksAreSilent(Jdk jdk) throws Exception {
        Run run = Harness.runWithLibraries(jdk, "io.gilguard.apps.builtin.ZstdShared", ZSTD,
                BuiltinRules.set(SET) + ",failOn=violation", "own");
        assertSilent(run);
        assertEquals(List.of(), run.findings(), "findings\n" + run);
        assertStdout(run, "main wrote to its own stream", "compressed 4194304 bytes");
        assertClean(run);
    }
}
