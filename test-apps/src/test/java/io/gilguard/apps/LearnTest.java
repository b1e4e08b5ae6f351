package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertClean;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.testsupport.Jdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Learn mode's round trip: a run with {@code learn=FILE} and no rules writes a rules file; the
 * fixed twin run with that file (and, where the file says "unsure", the user's choice) reports
 * nothing, and the broken twin run with the same file reports its violations.
 */
class LearnTest {
    /** Longer than any call of these apps, however loaded the machine. */
    static final int LONG_ENOUGH = 5_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void callbackLearnsItsUpcallAndLeavesThePolicyToTheUser(Jdk jdk) throws Exception {
        Path learned = learn(jdk, "callback");
        assertEquals(List.of(
                "downcall io.gilguard.apps.callback.NativeLib#run  audit",
                "upcall io.gilguard.apps.callback.Listener#onEvent  audit"), rules(learned));
        String text = text(learned);
        assertContains(text, "# 4000 calls on 4 threads (");
        assertContains(text, "all on native threads");
        assertContains(text, "# held no lock gilguard follows on arrival and took none. Unsure:");
        assertContains(text, "# lock gil = static io.gilguard.apps.callback.Engine.GIL    # taken once, never at a boundary");

        // the user's choice: the callback touches what the GIL guards
        Path fixed = choose(learned, "fixed", "# lock gil =", "lock gil =",
                "Listener#onEvent  audit", "Listener#onEvent  acquire gil");
        Run silent = Harness.run(jdk, "callback", "rules=" + fixed + ",failOn=violation", true);
        assertSilent(silent);
        assertStdout(silent, "counter=4000 expected=4000");
        assertClean(silent);

        Path broken = choose(learned, "broken", "# lock gil =", "lock gil =",
                "Listener#onEvent  audit", "Listener#onEvent  require gil");
        Run reported = Harness.run(jdk, "callback", "rules=" + broken, true);
        assertEquals(Set.of("REQUIRED_NOT_HELD gil native-cb-0"), kindsLocksThreads(reported));
        // all 4 x 1000 calls, at the callback's line, as with the rules written by hand (CallbackTest)
        Harness.assertViolation(reported, "REQUIRED_NOT_HELD", "gil", "native-cb-0", CallbackTest.UPCALL, null, 4000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void longcallLearnsTheLockHeldAcrossTheLongCall(Jdk jdk) throws Exception {
        Path learned = learn(jdk, "longcall", 300); // its call takes 400 ms
        assertEquals(List.of(
                "lock gil = static io.gilguard.apps.longcall.Engine.GIL",
                "downcall io.gilguard.apps.longcall.NativeLib#compute  audit gil"), rules(learned));
        String text = text(learned);
        assertContains(text, "# 1 call on thread main, the longest ");
        assertContains(text, "from io.gilguard.apps.longcall.Main.main(Main.java:");
        assertContains(text, "# gil held at every call, the longest ");
        assertContains(text, "Unsure: `release gil` lets it go around the call, `require gil` keeps it");

        Path fixed = choose(learned, "fixed", "compute  audit gil", "compute  release gil");
        Run silent = Harness.run(jdk, "longcall", "rules=" + fixed + ",failOn=violation", true);
        assertSilent(silent);
        assertStdout(silent, "hold count after call: 2 (expected 2)");
        assertTrue(silent.stdoutLines().stream().anyMatch(l -> l.startsWith("progress during native call: ")
                && !l.endsWith(": 0")), "the worker progressed during the call\n" + silent);

        Path broken = choose(learned, "broken", "compute  audit gil", "compute  forbid gil");
        Run reported = Harness.run(jdk, "longcall", "rules=" + broken, true);
        assertEquals(Set.of("FORBIDDEN_HELD gil main"), kindsLocksThreads(reported));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void detachLearnsTheLockTakenInsideTheCallbackFromEitherTwin(Jdk jdk) throws Exception {
        Path fromBroken = learn(jdk, "detach", "percall");
        Path fromFixed = learn(jdk, "detach", "percall", "fixed");
        List<String> expected = List.of(
                "lock gil = static io.gilguard.apps.detach.Engine.GIL",
                "downcall io.gilguard.apps.detach.NativeLib#firePerCall  audit",
                "upcall io.gilguard.apps.detach.Listener#onCall  audit gil");
        assertEquals(expected, rules(fromBroken));
        assertEquals(expected, rules(fromFixed));
        assertContains(text(fromFixed), "# never arrived holding gil; took it itself in 3 of 3 calls. Unsure: `acquire gil`");
        assertContains(text(fromFixed), "all on native threads");

        // learning beside the user's rules checks as they do: the thread that ends holding the GIL is reported
        Run both = Harness.run(jdk, "detach", Harness.rules("detach") + ",learn=" + dir.resolve("both-" + jdk.feature() + ".rules"),
                true, "percall");
        assertEquals(Set.of("HELD_AT_THREAD_EXIT gil jna-cb"), kindsLocksThreads(both));

        for (Path learned : List.of(fromBroken, fromFixed)) {
            Run silent = Harness.run(jdk, "detach", "rules=" + learned + ",failOn=violation", true, "percall", "fixed");
            assertSilent(silent);
            assertStdout(silent, "callbacks=3 threads=3", "gil free");
            assertClean(silent);

            Run reported = Harness.run(jdk, "detach", "rules=" + learned, true, "percall");
            assertEquals(Set.of("LEAKED_AT_RETURN gil jna-cb", "HELD_AT_THREAD_EXIT gil jna-cb"), kindsLocksThreads(reported));
            assertStdout(reported, "gil still held");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void jnimonLearnsTheNativeMethodsAndSetsAsideALockMethod(Jdk jdk) throws Exception {
        Path fromFixed = learn(jdk, "jnimon", "fixed");
        assertEquals(List.of(
                "downcall io.gilguard.apps.jnimon.NativeLib#*  audit",
                "downcall io.gilguard.apps.jnimon.NativeLock#unlock  audit"), rules(fromFixed));
        String text = text(fromFixed);
        // NativeLock.lock enters a JNI monitor that NativeLock.unlock exits: by design, not a leak
        assertContains(text, "# every call returned keeping a lock or JNI monitor it took");
        assertContains(text, "# downcall io.gilguard.apps.jnimon.NativeLock#lock  audit");
        assertContains(text, "#   enterExit: 4 calls on 2 threads (main, jni-worker)");

        Path fromBroken = learn(jdk, "jnimon");
        for (Path learned : List.of(fromFixed, fromBroken)) {
            Run silent = Harness.run(jdk, "jnimon", "rules=" + learned + ",failOn=violation", true, "fixed");
            assertSilent(silent);
            assertClean(silent);
        }
        Run reported = Harness.run(jdk, "jnimon", "rules=" + fromFixed, true);
        String jni = "jni:io.gilguard.apps.jnimon.";
        assertEquals(Set.of(
                "LEAKED_AT_RETURN " + jni + "Resource main", "LEAKED_AT_RETURN jni:java.lang.Object main",
                "LEAKED_AT_RETURN " + jni + "Journal main", "LEAKED_AT_RETURN " + jni + "Table jni-worker",
                "LEAKED_AT_RETURN " + jni + "Cursor jni-swapper", "UNPAIRED_RELEASE " + jni + "Handle main",
                "HELD_AT_THREAD_EXIT " + jni + "Resource main", "HELD_AT_THREAD_EXIT jni:java.lang.Object main",
                "HELD_AT_THREAD_EXIT " + jni + "Journal main", "HELD_AT_THREAD_EXIT " + jni + "Table jni-worker",
                "HELD_AT_THREAD_EXIT " + jni + "Cursor jni-swapper"), kindsLocksThreads(reported));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void theShapesOfRealCodeAreNamedAsRulesNameThem(Jdk jdk) throws Exception {
        Path learned = learn(jdk, "learn", 700); // Native.slow takes 1000 ms, the others a few ms
        String n = "io.gilguard.apps.learn.";
        assertEquals(List.of(
                "lock gil = static " + n + "Engine.GIL",
                "lock store = monitor " + n + "Store",
                "lock pending = field " + n + "Store.pending",
                "downcall " + n + "Native#held  require gil",
                "downcall " + n + "Native#slow  forbid gil",
                "downcall " + n + "Native#slow  forbid store",
                "downcall " + n + "Native#slow  forbid pending",
                "downcall " + n + "Native#flush  require store",
                "downcall " + n + "Native#put  require pending",
                "downcall " + n + "Native#after  audit",
                "downcall " + n + "Native#open  audit",
                "downcall " + n + "Native#callBack  require gil",
                "downcall " + n + "Native#fromThread  audit",
                "upcall " + n + "Listener#onEvent  audit gil",
                "upcall " + n + "Visitor#visit  require gil"), rules(learned));
        String text = text(learned);
        // let go after an early return and by an exception: never held at Native#after
        assertContains(text, "# lock cache = static " + n + "Main.CACHE    # taken 3 times, never at a boundary");
        assertContains(text, "all from Java threads inside " + n + "Native#callBack");
        assertContains(text, "# 3 calls on thread learn-cb, the longest ");
        assertContains(text, "# state " + n + "Session owner=creator\n");
        assertContains(text, "# state " + n + "Store owner=creator\n");
        assertContains(text, "# " + n + "Shared: 1 made, used by threads other than their maker (other): not bound to one thread");

        Run silent = Harness.run(jdk, "learn", "rules=" + learned + ",failOn=violation", true);
        assertSilent(silent);
        assertStdout(silent, "events=4");
        assertClean(silent);

        Run reported = Harness.run(jdk, "learn", "rules=" + learned, true, "broken");
        assertEquals(Set.of("REQUIRED_NOT_HELD gil main", "FORBIDDEN_HELD gil main"), kindsLocksThreads(reported));
        Harness.assertViolation(reported, "FORBIDDEN_HELD", "gil", "main", Site.nativeMethod(n + "Native", "slow"),
                Site.marked("learn", "Main", "main", "learn-broken-acquire"), 1);
        Harness.assertViolation(reported, "REQUIRED_NOT_HELD", "gil", "main", Site.nativeMethod(n + "Native", "held"), null, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void sqliteJdbcLearnsTheApplicationsFunctionAndLeavesTheLibraryToItsSet(Jdk jdk) throws Exception {
        Path learned = dir.resolve("sqlite-" + jdk.feature() + ".rules");
        String main = "io.gilguard.apps.builtin.SqliteLeak";
        Run run = Harness.runWithLibraries(jdk, main, BuiltinSqliteTest.SQLITE, "learn=" + learned + ",longHold=" + LONG_ENOUGH,
                "fixed", "3");
        assertEquals(0, run.exit, "exit status\n" + run);
        assertClean(run);
        // the application's Function, named as sqlite-jdbc declares it; its lock; nothing of sqlite-jdbc's own
        assertEquals(List.of(
                "lock lock = static " + main + ".LOCK",
                "upcall org.sqlite.Function#xFunc  audit lock"), rules(learned));
        String text = text(learned);
        assertContains(text, "are left to its built-in set: use rules=builtin:sqlite-jdbc+THIS_FILE");
        assertContains(text, "# 3 calls on thread main, the longest ");
        assertContains(text, "all from Java threads inside org.sqlite.core.NativeDB#step");
        assertContains(text, "# never arrived holding lock; took it itself in 3 of 3 calls.");

        String rules = "rules=builtin:sqlite-jdbc+" + learned;
        Run silent = Harness.runWithLibraries(jdk, main, BuiltinSqliteTest.SQLITE, rules + ",failOn=violation", "fixed", "3");
        assertSilent(silent);
        Run reported = Harness.runWithLibraries(jdk, main, BuiltinSqliteTest.SQLITE, rules, "leak", "3");
        // the function keeps the lock: at its own return and at sqlite's step, and the order it makes with the connection
        assertEquals(Set.of("LEAKED_AT_RETURN lock main", "LOCK_ORDER_INVERSION sqlite.db main"), kindsLocksThreads(reported));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void ffmUpcallStubsAreLearnedByTheMethodTheirHandleNames(Jdk jdk) throws Exception {
        assumeTrue(jdk.feature() >= 22, "FFM (java.lang.foreign) is final in JDK 22; " + jdk + " is JDK " + jdk.feature());
        assumeTrue(Files.isRegularFile(Harness.MODULE.resolve("target/classes/io/gilguard/apps/ffm/Main.class")),
                "the ffm app was not compiled: it needs a JDK 22+ javac");
        // a pthread calls stubs of every shape of target 25 times each, without the GIL, after naming itself
        Path learned = learn(jdk, "ffm", "native");
        List<String> rules = rules(learned);
        String n = "io.gilguard.apps.ffm.";
        assertTrue(rules.contains("upcall " + n + "Main#nameThread  audit"), rules.toString());
        assertTrue(rules.contains("upcall " + n + "Ticks#staticTick  audit"), rules.toString());
        assertTrue(rules.contains("downcall native:ffm_run_on_thread  audit"), rules.toString());
        String text = text(learned);
        assertContains(text, "# 25 calls on thread ffm-native-0, the longest ");
        // bound, combined and lambda targets (three stubs made at one line): counted, said, no rule
        long unnamed = text.lines().filter(l -> l.startsWith("# FFM upcall stubs made at " + n + "Main.onNativeThread(Main.java:")
                && l.contains(", of type (int)void: 75 calls, 75 on native threads;")).count();
        assertEquals(1, unnamed, text);

        Run silent = Harness.run(jdk, "ffm", "rules=" + learned + ",failOn=violation", true, "native");
        assertSilent(silent);
        assertClean(silent);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void attachedLearningWritesItsFileAtTheDetach(Jdk jdk) throws Exception {
        Path learned = dir.resolve("attach-" + jdk.feature() + ".rules");
        try (LiveApp app = LiveApp.start(jdk, "attach", List.of())) {
            app.awaitStdout(AttachTest.RUNNING);
            String pid = Long.toString(app.pid());
            GilguardCli.Result attach = GilguardCli.run(jdk, "attach", pid, "learn=" + learned + ",longHold=" + LONG_ENOUGH);
            assertEquals(0, attach.exit, attach + "\n" + app);
            // the loop's rounds after the attach: each boundary is crossed many times a second
            Thread.sleep(1_500);
            GilguardCli.Result detach = GilguardCli.run(jdk, "detach", pid);
            assertEquals(0, detach.exit, detach + "\n" + app);
            assertTrue(detach.stdoutLines().stream().anyMatch(l -> l.endsWith(", learned rules " + learned)), detach.toString());
        }
        List<String> rules = rules(learned);
        String n = "io.gilguard.apps.attach.";
        assertTrue(rules.contains("lock gil = static " + n + "Engine.GIL"), rules.toString());
        // crunch is called holding the GIL in every round; poll and fire with and without it
        assertTrue(rules.contains("downcall " + n + "NativeLib#crunch  require gil"), rules.toString());
        assertTrue(rules.contains("downcall " + n + "NativeLib#poll  audit gil"), rules.toString());
        assertTrue(rules.contains("upcall " + n + "Listener#onTick  audit gil"), rules.toString());
        // natives seen at their call sites after an attach: the JDK's own (Thread.sleep) are not the application's
        assertTrue(rules.stream().noneMatch(l -> l.contains("java.lang.")), rules.toString());
        assertContains(text(learned), "from " + n + "Rounds.releaseAround(Rounds.java:");
    }

    /** Runs the scenario learning, with no rules; returns the file it wrote, after checking the run. */
    private Path learn(Jdk jdk, String scenario, String... args) throws Exception {
        return learn(jdk, scenario, LONG_ENOUGH, args);
    }

    /**
     * {@code longMillis}: a call this long is a long one (the longHold option). Where the length
     * of a call is not what a test is about, calls of a loaded machine must not pass it.
     */
    private Path learn(Jdk jdk, String scenario, int longMillis, String... args) throws Exception {
        Path file = dir.resolve(scenario + "-" + String.join("-", args) + "-" + jdk.feature() + ".rules");
        Run run = Harness.run(jdk, scenario, "learn=" + file + ",longHold=" + longMillis, true, args);
        assertEquals(0, run.exit, "exit status\n" + run);
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.startsWith("gilguard: ") && l.contains(", learning from learn mode")),
                "headline\n" + run);
        assertTrue(run.stderrLines().stream().anyMatch(l -> l.endsWith(", learned rules " + file)), "summary\n" + run);
        assertTrue(run.stderrLines().stream().noneMatch(l -> l.contains("learn mode:")), "learn mode's own rules are not said unused\n" + run);
        assertClean(run);
        assertTrue(Files.exists(file), "no " + file + "\n" + run);
        return file;
    }

    /** The file's rule lines, in order: what is neither a comment nor blank. */
    private static List<String> rules(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .collect(Collectors.toList());
    }

    private static String text(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), "expected \"" + part + "\" in:\n" + text);
    }

    /** A copy of the learned file with the user's edits ({@code from, to} pairs, each found once). */
    private Path choose(Path learned, String name, String... edits) throws IOException {
        String text = text(learned);
        for (int i = 0; i < edits.length; i += 2) {
            assertEquals(text.indexOf(edits[i]), text.lastIndexOf(edits[i]), edits[i] + " once in:\n" + text);
            assertTrue(text.contains(edits[i]), edits[i] + " in:\n" + text);
            text = text.replace(edits[i], edits[i + 1]);
        }
        Path file = learned.resolveSibling(learned.getFileName() + "." + name + ".rules");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Each distinct violation as "KIND lock thread". */
    private static Set<String> kindsLocksThreads(Run run) {
        Set<String> out = new TreeSet<>();
        for (Map<String, Object> v : run.violations()) {
            out.add(v.get("kind") + " " + v.get("lock") + " " + v.get("thread"));
        }
        assertEquals(0L, run.report().get("internalErrors"), "internalErrors\n" + run);
        return out;
    }
}
