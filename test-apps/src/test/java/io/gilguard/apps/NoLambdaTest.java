package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gilguard makes no lambda or method reference on the path every run takes: start-up, the
 * classes as they load, the checks, a clean exit. The JDK spins each one's class at its first
 * call, interpreted at that time: some 0.3 to 1 ms of start-up apiece, and the JIT's work after
 * (bench/README.md, "Start-up"). A violation's report may; these runs are clean. The JVM's class
 * loading log names every spun class ({@code Outer$$Lambda...}).
 */
class NoLambdaTest {
    /** App, rules, app arguments: runs that report nothing, across the seams. */
    private static final String[][] CLEAN = {
            {"holdcost", "holdcost", "many"},       // locks held across downcalls, audit, findings
            {"family", "family-static-fixed", "busy"}, // monitor families, synchronized methods
            {"pair", "pair-fixed", "fixed"},        // method pairs
            {"callback", "callback-fixed"},         // upcalls from native threads
            {"lambda", "lambda-fixed"},             // upcalls through lambdas
            {"proxy", "proxy-fixed"},               // upcalls through proxies
            {"jnimon", "jnimon-fixed", "fixed"},    // JNI monitors
            {"ffm", "ffm-require-fixed", "native"}, // FFM downcall handles (JDK 22+)
    };

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (Jdk jdk : Jdk.all()) {
            for (String[] c : CLEAN) {
                runs.add(Arguments.of(jdk, c[0], c[1], Arrays.copyOfRange(c, 2, c.length)));
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("runs")
    void aCleanRunSpinsNoLambdaOfGilguards(Jdk jdk, String app, String rules, String[] args, @TempDir Path dir)
            throws Exception {
        if (app.equals("ffm")) {
            FfmTest.assumeFfm(jdk);
        }
        ClassLoadLog log = ClassLoadLog.of(dir.resolve("classes.log"));
        Run run = Harness.run(jdk, log.jvmOptions(), app, rules(rules) + ",failOn=violation", true, args);
        assertNoneSpun(run, log);
    }

    /** A real library under its built-in set, whose rules it does not all meet (said at exit, set by set). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aBuiltinSetOnItsLibrarySpinsNone(Jdk jdk, @TempDir Path dir) throws Exception {
        ClassLoadLog log = ClassLoadLog.of(dir.resolve("classes.log"));
        Run run = Harness.runWithLibraries(jdk, log.jvmOptions(), "io.gilguard.apps.builtin.ZstdWorkload", BuiltinZstdTest.ZSTD,
                BuiltinRules.set(BuiltinZstdTest.SET) + ",failOn=violation,longHold=5000");
        assertNoneSpun(run, log);
    }

    private static void assertNoneSpun(Run run, ClassLoadLog log) throws Exception {
        assertSilent(run);
        List<String> spun = new ArrayList<>();
        for (String name : log.names()) {
            if (name.startsWith("io.gilguard.") && !name.startsWith("io.gilguard.apps.") && name.contains("$$Lambda")) {
                spun.add(name.substring(0, name.indexOf("$$Lambda")));
            }
        }
        assertEquals(List.of(), spun, "lambdas spun, by the class that makes each\n" + run);
    }
}
