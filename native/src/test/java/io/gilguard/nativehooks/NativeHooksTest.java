package io.gilguard.nativehooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.gilguard.testsupport.ChildProcess;
import io.gilguard.testsupport.Jdk;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Starts child JVMs (one per scenario of {@link Scenario}, on every JDK of the system property
 * {@code gilguard.jdks}) that load the real library and run small JNI programs (src/test/c), and
 * checks the exact listener callbacks each one prints.
 */
class NativeHooksTest {

    private static final long TIMEOUT_SECONDS = 90;
    private static final String XCHECK = "-Xcheck:jni";
    private static final String EXACT = "-Dio.gilguard.nativehooks.exactIdentity=true";
    private static final String ALL_OFF = "load gilguard: native checks off (thread-end, jni-monitors, exited-attached, foreign-env, monitor-contended): ";

    /** What one child run must show. */
    private static final class Case {
        final String name;
        final String scenario;
        final List<String> jvmArgs = new ArrayList<>();
        List<String> callbacks = List.of(); // exact "CB ..." lines, in order (sorted if unordered)
        boolean unordered;
        /** java.base's {@code jdk.internal.misc} exported, as the agent does: {@link JniRecord} reads the record. */
        boolean recordAccess = true;
        final List<String> outs = new ArrayList<>(); // "OUT ..." lines that must appear, in this order
        final List<String> outPrefixes = new ArrayList<>();
        boolean noLibrary;
        boolean jna; // JNA on the child's class path
        String tmpdir; // "file", "empty", or a path

        Case(String name, String scenario) {
            this.name = name;
            this.scenario = scenario;
        }

        Case args(String... args) {
            for (String a : args) if (!a.isEmpty()) jvmArgs.add(a);
            return this;
        }

        Case cb(String... lines) {
            callbacks = List.of(lines);
            return this;
        }

        Case out(String... lines) {
            outs.addAll(Arrays.asList(lines));
            return this;
        }

        Case outStartsWith(String prefix) {
            outPrefixes.add(prefix);
            return this;
        }
    }

    private static List<Case> cases(int feature) {
        List<Case> c = new ArrayList<>();
        // A virtual thread ends: JVMTI VirtualThreadEnd, on JDK 21+ only (no virtual threads before).
        c.add(feature >= 21
                ? new Case("virtual thread end (VirtualThreadEnd)", "virtual-end")
                        .out("ran on a virtual thread", "virtual thread end true").cb("CB threadEnding gg-virtual []")
                : new Case("virtual thread end: no virtual threads before JDK 21", "virtual-end")
                        .out("virtual threads: not in this JDK"));
        // A downcall that enters a JNI monitor and returns without exiting it.
        c.add(new Case("downcall leaks a JNI monitor", "leak-downcall")
                .out("rc 0 depth 1 record 1").cb("CB threadEnding gg-leaker [A]"));
        c.add(new Case("downcall leaks a JNI monitor, fixed", "leak-downcall-fixed")
                .out("rc 0 depth 0 record 0").cb("CB threadEnding gg-leaker []"));
        c.add(new Case("reentry and out-of-order exit", "nesting")
                .out("depths 1 2 3 2").cb("CB threadEnding gg-nest [A, B]"));
        c.add(new Case("reentry and out-of-order exit, fixed", "nesting-fixed")
                .out("depths 1 2 3 2 1 0").cb("CB threadEnding gg-nest []"));
        // The number the agent writes for the frame running native code: each new entry keeps it.
        c.add(new Case("a new entry keeps the caller's number, a reentry does not change it", "sites")
                .out("sites [7, 9, 0] record 0").cb("CB threadEnding gg-sites [A, B]", "CB threadEnding sites [7, 9]"));
        c.add(new Case("an entry exited gives its number up", "sites-fixed")
                .out("sites [7, 9, 0] record 0").cb("CB threadEnding gg-sites []", "CB threadEnding sites []"));
        // The record at its address (JniRecord), as the agent's boundaries read and write it: with
        // java.base's Unsafe exported to it, as the agent does (every case but the next); else no address.
        c.add(new Case("the record read and written in place", "record")
                .out("record depth 1 as jniMonitorDepth() true, seq moved true, sites [7]", "record depth 0 site 0")
                .cb("CB threadEnding gg-record []"));
        Case noAccess = new Case("no record address without access to Unsafe", "record").out("record address 0")
                .cb("CB threadEnding gg-record []");
        noAccess.recordAccess = false;
        c.add(noAccess);
        // The lock-order nodes of the entries held, as the caller set them, handed on to the next
        // entry of the object; and the key under which a MonitorEnter is told first.
        c.add(new Case("lock-order nodes and key in the record", "order")
                .out("nodes 0 0 1 gen 0", "nodes 8 0 0 gen 0", "nodes 0 0 0 gen 0", "nodes 8 0 0 gen 0",
                        "nodes 8 256 0 gen 0", "nodes 0 0 0 gen 0", "new generation 1", "nodes 0 0 1 gen 1",
                        "nodes 16 0 0 gen 1", "key 0", "told")
                .cb("CB entering gg-order C", "CB entering gg-order C", "CB threadEnding gg-order []"));
        // What a downcall kept, as jniMonitorsSince tells it (the agent's LEAKED_AT_RETURN).
        c.add(since(new Case("monitors a downcall kept (jniMonitorsSince)", "since")));
        // Two entries of one object in the record (entered again below the newest): named once.
        c.add(new Case("a monitor entered again below the newest, named once", "duplicates")
                .out("depth 3").cb("CB threadEnding gg-dup [A, B]"));
        c.add(new Case("a monitor entered again below the newest, fixed", "duplicates-fixed")
                .out("depth 0").cb("CB threadEnding gg-dup []"));
        // A Java thread dies of an uncaught exception holding a JNI monitor.
        c.add(new Case("thread dies holding a JNI monitor", "uncaught")
                .out("uncaught boom").cb("CB threadEnding gg-dies [A]"));
        c.add(new Case("thread dies holding a JNI monitor, fixed", "uncaught-fixed")
                .out("uncaught boom").cb("CB threadEnding gg-dies []"));
        // A native thread attaches, enters two monitors, detaches: reported before the JVM frees them.
        c.add(new Case("native thread detaches holding two monitors", "native-detach-holding")
                .out("rc 0", "A free true, B free true").cb("CB threadEnding gg-native [A, B]"));
        c.add(new Case("native thread detaches holding two monitors, fixed", "native-detach-holding-fixed")
                .out("rc 0", "A free true, B free true").cb("CB threadEnding gg-native []"));
        // MonitorExit of a monitor not entered.
        c.add(new Case("MonitorExit of a monitor not owned", "unpaired-exit")
                .out("exit threw IllegalMonitorStateException, depth 0").cb("CB unpairedMonitorExit main C"));
        c.add(new Case("MonitorExit of a monitor not owned, fixed", "unpaired-exit-fixed")
                .out("exit rc 0 depth 0"));
        c.add(new Case("MonitorExit of a monitor held by synchronized", "sync-exit")
                .out("exit rc 0", "C free inside synchronized true").cb("CB unpairedMonitorExit main C"));
        c.add(new Case("MonitorExit of a monitor held by synchronized, fixed", "sync-exit-fixed")
                .out("exit rc 0"));
        c.add(new Case("unpaired MonitorExit with an exception pending", "pending-exit")
                .out("threw IllegalMonitorStateException: current thread is not owner")
                .cb("CB unpairedMonitorExit main C"));
        c.add(new Case("... which the JVM answers the same without gilguard", "pending-exit-nohooks")
                .out("threw IllegalMonitorStateException: current thread is not owner"));
        c.add(new Case("paired MonitorExit with an exception pending keeps it", "pending-exit-fixed")
                .out("threw UnsupportedOperationException: pending"));
        c.add(new Case("JNI monitor entered before load, exited after", "before-load")
                .out("exit rc 0 depth 0").cb("CB threadEnding gg-early []"));
        // A native thread ends without DetachCurrentThread (non-daemon: the JVM would never exit).
        c.add(new Case("native thread exits attached, holding a monitor", "exit-attached")
                .out("rc 0", "A free true")
                .cb("CB exitedAttached gg-zombie current=true", "CB threadEnding gg-zombie [A]"));
        c.add(new Case("native thread exits attached", "exit-attached-plain")
                .out("rc 0").cb("CB exitedAttached gg-zombie current=true", "CB threadEnding gg-zombie []"));
        c.add(new Case("native thread exits attached, fixed", "exit-attached-fixed")
                .out("rc 0", "A free true").cb("CB threadEnding gg-zombie []"));
        // JNIEnv of another thread.
        c.add(new Case("JNIEnv of another thread, on an attached thread", "foreign-env")
                .out("rc 0 depth 0")
                .cb("CB foreignEnv MonitorEnter main gg-user", "CB foreignEnv MonitorExit main gg-user",
                        "CB threadEnding gg-user []"));
        c.add(new Case("JNIEnv of another thread, fixed", "foreign-env-fixed")
                .out("rc 0 depth 0").cb("CB threadEnding gg-user []"));
        // JNA detaching its callback threads after the callback, or from its own key destructor.
        Case jna = new Case("JNA callback threads (detached by JNA, also at thread exit)", "jna-callback-thread")
                .out("callback on gg-jna-detach", "rc 0", "callback on gg-jna-keep", "rc 0")
                .cb("CB threadEnding gg-jna-detach []", "CB threadEnding gg-jna-keep []");
        jna.jna = true;
        c.add(jna);
        c.add(new Case("JNIEnv of another thread, on an unattached thread", "foreign-env-unattached")
                .out("rc -1 depth 0").cb("CB foreignEnv MonitorEnter main null", "CB threadEnding gg-after []"));
        // Objects that move between MonitorEnter and MonitorExit, in both identity modes.
        for (String mode : new String[] {"", EXACT}) {
            String suffix = mode.isEmpty() ? "" : " (exact identity)";
            c.add(new Case("lock objects moved by GCs" + suffix, "gc-between").args(mode)
                    .out("depth 1").cb("CB threadEnding gg-mover [M2]"));
            c.add(new Case("lock objects moved by GCs, fixed" + suffix, "gc-between-fixed").args(mode)
                    .out("depth 0").cb("CB threadEnding gg-mover []"));
            if (!mode.isEmpty()) {
                c.add(since(new Case("monitors a downcall kept" + suffix, "since").args(mode)));
            }
            Case stress = new Case("3 threads x 300k nested pairs under continuous GC" + suffix, "stress").args(mode)
                    .out("depth errors 0", "collections > 10 true")
                    .cb("CB threadEnding gg-w0 []", "CB threadEnding gg-w1 []", "CB threadEnding gg-w2 []");
            stress.unordered = true;
            c.add(stress);
        }
        Case serialStress = new Case("stress under SerialGC (exact identity)", "stress").args("-XX:+UseSerialGC")
                .out("depth errors 0", "collections > 10 true", "fast identity false")
                .cb("CB threadEnding gg-w0 []", "CB threadEnding gg-w1 []", "CB threadEnding gg-w2 []");
        serialStress.unordered = true;
        c.add(serialStress);
        c.add(new Case("fast identity under G1", "identity-mode").args("-XX:+UseG1GC").out("fast identity true"));
        c.add(new Case("exact identity under Parallel GC", "identity-mode").args("-XX:+UseParallelGC")
                .out("fast identity false"));
        c.add(new Case("exact identity on request", "identity-mode").args(EXACT).out("fast identity false"));
        // At start-up the collector is asked on a thread of its own; until then, exact comparison.
        c.add(new Case("fast identity under G1, asked after a start-up load", "identity-later").args("-XX:+UseG1GC")
                .out("load null", "fast identity at load false", "checked by gilguard collector check, fast identity true"));
        c.add(new Case("exact identity under Parallel GC, asked after a start-up load", "identity-later")
                .args("-XX:+UseParallelGC")
                .out("load null", "fast identity at load false", "checked by gilguard collector check, fast identity false"));
        // The same callbacks under -Xcheck:jni, and not one warning.
        for (String s : new String[] {"leak-downcall", "nesting", "native-detach-holding", "unpaired-exit",
                "pending-exit", "exit-attached", "foreign-env", "gc-between", "since", "virtual-end"}) {
            Case plain = c.stream().filter(k -> k.scenario.equals(s) && k.jvmArgs.isEmpty()).findFirst().orElseThrow();
            Case checked = new Case(plain.name + " (-Xcheck:jni)", s).args(XCHECK).cb(plain.callbacks.toArray(new String[0]));
            checked.outs.addAll(plain.outs);
            c.add(checked);
        }
        // Loading.
        c.add(new Case("load twice", "load-twice")
                .out("load null", "second gilguard: native hooks already loaded in this JVM; the first listener stays"));
        Case noLibrary = new Case("no library in the jar", "load-fails")
                .out(ALL_OFF + "library resource io/gilguard/nativehooks/linux-x86_64/libgilguard.so not found",
                        "loaded false record false on false");
        noLibrary.noLibrary = true;
        c.add(noLibrary);
        Case noTmp = new Case("temporary directory missing", "load-fails").args("-Djava.io.tmpdir=/nonexistent")
                .outStartsWith(ALL_OFF + "cannot create a private temporary directory in /nonexistent: NoSuchFileException")
                .out("loaded false record false on false");
        c.add(noTmp);
        Case tmpIsFile = new Case("temporary directory is a file", "load-fails")
                .outStartsWith(ALL_OFF + "cannot create a private temporary directory in ")
                .out("loaded false record false on false");
        tmpIsFile.tmpdir = "file";
        c.add(tmpIsFile);
        c.add(new Case("extraction directory property", "load-fails")
                .args("-Djava.io.tmpdir=/nonexistent", "-D" + NativeHooks.DIR_PROPERTY + "=/")
                .out("load null", "loaded true record true on true")
                .cb("CB threadEnding gg-plain []"));
        Case clean = new Case("nothing left in the temporary directory", "tmp-clean").out("load null", "left in tmpdir 0");
        clean.tmpdir = "empty";
        c.add(clean);
        return c;
    }

    /** The expected lines of scenario "since" (Scenario.sinceCases), in order. */
    private static Case since(Case k) {
        return k.out(
                "since enter: [B]",
                "since swap: [B]",
                "since swap back: []",
                "since swap back three times: []",
                "since swap back five times: []",
                "since enter, exit, enter: [B]",
                "since reenter: [A]",
                "since reenter twice, exit once: [A]",
                "since reenter and exit: []",
                "since enter one below the newest: [A]",
                "since exit an older one: []",
                "since pair: []",
                "since pair, nothing held: unchanged",
                "since nothing: unchanged",
                "since each once, oldest first: [C, B]",
                "since nested, inner: [A]",
                "since nested, outer: []")
                .cb("CB threadEnding gg-since []");
    }

    @TestFactory
    Stream<DynamicNode> scenariosOnEachJdk() {
        return Jdk.all().stream().map(jdk -> {
            int feature;
            try {
                feature = jdk.feature();
            } catch (AssertionError e) { // one JDK that is not one fails alone; the others still run
                return dynamicTest("JDK " + jdk, () -> fail(e.getMessage()));
            }
            return dynamicContainer("JDK " + jdk,
                    cases(feature).stream().map(k -> dynamicTest(k.name + " [" + k.scenario + "]", () -> check(jdk, k))));
        });
    }

    private static Path workDir() throws IOException {
        Path dir = Paths.get(System.getProperty("gilguard.test.classes")).getParent().resolve("test-tmp");
        Files.createDirectories(dir);
        return dir;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) throw new IllegalStateException("system property " + name + " not set (run through Maven)");
        return value;
    }

    private static void check(Jdk jdk, Case k) throws Exception {
        Path work = Files.createTempDirectory(workDir(), "child-");
        String classes = property("gilguard.classes");
        if (k.noLibrary) { // the binding's classes without the .so
            Path copy = Files.createDirectories(work.resolve("classes/io/gilguard/nativehooks"));
            try (Stream<Path> files = Files.list(Paths.get(classes, "io/gilguard/nativehooks"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
            classes = work.resolve("classes").toString();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java().toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xmx256m");
        if (k.recordAccess) {
            cmd.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        }
        cmd.addAll(k.jvmArgs);
        if ("file".equals(k.tmpdir)) {
            cmd.add("-Djava.io.tmpdir=" + Files.writeString(work.resolve("not-a-dir"), "x"));
        } else if ("empty".equals(k.tmpdir)) {
            cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")));
        }
        cmd.add("-cp");
        String jnaJar = k.jna
                ? File.pathSeparator + Paths.get(com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                : "";
        cmd.add(classes + File.pathSeparator + property("gilguard.test.classes") + jnaJar);
        cmd.add("-Djava.library.path=" + property("gilguard.test.native"));
        cmd.add(Scenario.class.getName());
        cmd.add(k.scenario);

        ChildProcess p = ChildProcess.start(cmd, work, work);
        boolean ended = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String dump = "";
        if (!ended) {
            dump = "--- thread dump\n" + p.threadDump(jdk);
            p.kill();
        }
        String stdout = p.stdout();
        String stderr = p.stderr();
        String context = "\n$ " + p.command() + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        assertTrue(ended, "child JVM did not end within " + TIMEOUT_SECONDS + " s" + context + dump);
        assertEquals(0, p.exitValue(), "exit code" + context);

        List<String> lines = stdout.lines().collect(Collectors.toList());
        List<String> callbacks = lines.stream().filter(l -> l.startsWith("CB ")).collect(Collectors.toList());
        List<String> expected = new ArrayList<>(k.callbacks);
        if (k.unordered) {
            callbacks.sort(null);
            expected.sort(null);
        }
        assertEquals(expected, callbacks, "callbacks" + context);

        List<String> outs = lines.stream().filter(l -> l.startsWith("OUT ")).map(l -> l.substring(4))
                .collect(Collectors.toList());
        int at = 0;
        for (String want : k.outs) {
            int found = outs.subList(at, outs.size()).indexOf(want);
            assertTrue(found >= 0, "missing (in order) OUT " + want + context);
            at += found + 1;
        }
        for (String prefix : k.outPrefixes) {
            assertTrue(outs.stream().anyMatch(o -> o.startsWith(prefix)), "missing OUT " + prefix + "..." + context);
        }
        assertEquals("end", outs.isEmpty() ? "" : outs.get(outs.size() - 1), "scenario did not finish" + context);

        // Expected: JDK 25 says so when the tmpdir case points java.io.tmpdir at nothing.
        String all = (stdout + stderr).replace("WARNING: java.io.tmpdir directory does not exist", "");
        for (String bad : new String[] {"WARNING", "FATAL", "hs_err", "SIGSEGV", "Exception in thread"}) {
            assertFalse(all.contains(bad), "output contains " + bad + context);
        }
        if (k.tmpdir == null || !k.tmpdir.equals("file")) {
            try (Stream<Path> left = Files.list(work)) {
                assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")), "hs_err file" + context);
            }
        }
    }
}
