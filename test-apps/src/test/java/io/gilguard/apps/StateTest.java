package io.gilguard.apps;

import static io.gilguard.apps.Harness.assertKinds;
import static io.gilguard.apps.Harness.assertSilent;
import static io.gilguard.apps.Harness.assertStdout;
import static io.gilguard.apps.Harness.rules;
import static io.gilguard.apps.StateViolations.assertReported;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.apps.Harness.Run;
import io.gilguard.apps.StateViolations.Expected;
import io.gilguard.testsupport.Jdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thread state owned by one thread: an interpreter owned by its creator and used from a pool
 * thread, a context handed between threads by bind/unbind. Broken twins are reported with both
 * threads and both sites, fixed twins are silent, enforce refuses the call before it runs.
 */
class StateTest {
    static final String INTERP = "io.gilguard.apps.interp.Interpreter";
    static final Site CREATE = Site.marked("interp", "Main", "main", "interp-create");
    static final Site FOREIGN_USE = Site.marked("interp", "Main", "useShared", "interp-foreign-use");

    static final String CONTEXT = "io.gilguard.apps.context.GlContext";
    static final Site BIND_A = Site.marked("context", "Main", "bindA", "ctx-bind-a");
    static final Site DRAW_B = Site.marked("context", "Main", "drawB", "ctx-draw-b");
    static final Site RELEASE_B = Site.marked("context", "Main", "releaseB", "ctx-release-b");
    static final Site DRAW_C = Site.marked("context", "Main", "drawC", "ctx-draw-c");
    static final Site BIND_C = Site.marked("context", "Main", "bindC", "ctx-bind-c");
    static final Site BIND_D = Site.marked("context", "Main", "bindD", "ctx-bind-d");

    static Expected interpUsedFromPool() {
        return new Expected("FOREIGN_STATE", INTERP, "pool-worker").owner("main").at(FOREIGN_USE)
                .origin("created", CREATE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void interpreterUsedFromAPoolThreadIsReported(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "interp", rules("interp") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertKinds(run, Set.of("FOREIGN_STATE"), Set.of());
        assertReported(run, interpUsedFromPool());
        // audit: the call went on, and the native side silently did nothing
        assertStdout(run, "main: eval=1", "pool-worker: eval=-1", "main's interpreter ran 1 evaluation(s)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void enforceRefusesTheForeignUseBeforeItRuns(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "interp", rules("interp") + ",mode=enforce", true);
        assertEquals(0, run.exit, "exit status\n" + run);
        assertKinds(run, Set.of("FOREIGN_STATE"), Set.of());
        Expected e = interpUsedFromPool();
        assertReported(run, e);
        assertStdout(run, "main: eval=1", "pool-worker: refused: " + e.line(), "main's interpreter ran 1 evaluation(s)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void oneInterpreterPerThreadIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "interp", rules("interp") + ",failOn=violation,mode=enforce", true, "fixed");
        assertSilent(run);
        assertStdout(run, "main: eval=1", "pool-worker: eval=1", "main's interpreter ran 1 evaluation(s)");
    }

    /**
     * The class was loaded before gilguard (by an agent that runs first): it cannot get the owner
     * field, and the fallback (a weak map) reports the same, and says that it is the fallback.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aClassLoadedBeforeGilguardIsCheckedThroughTheFallback(Jdk jdk) throws Exception {
        Path preload = preloadAgent();
        Run run = Harness.run(jdk, List.of("-javaagent:" + preload), "interp", rules("interp") + ",failOn=violation",
                true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertKinds(run, Set.of("FOREIGN_STATE"), Set.of());
        assertReported(run, interpUsedFromPool());
        assertTrue(run.stderrLines().contains("gilguard: state " + INTERP + " was loaded before gilguard: its owners"
                + " are kept in a weak map (a map look-up per checked call), and its objects made before gilguard saw"
                + " it are not checked"), run.toString());
        assertStdout(run, "pool-worker: eval=-1");

        Run fixed = Harness.run(jdk, List.of("-javaagent:" + preload), "interp",
                rules("interp") + ",failOn=violation", true, "fixed");
        assertSilent(fixed);
    }

    static Expected context(String thread, String owner, Site site, Site boundAt, String note) {
        Expected e = new Expected("FOREIGN_STATE", CONTEXT, thread).owner(owner).at(site).note(note);
        return boundAt == null ? e : e.origin("bound", boundAt);
    }

    /**
     * A draw and a release by a thread that does not have the context current, a draw while no
     * thread has it, a bind while another thread has it: each reported with the binder and where
     * it bound the context.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void contextMisusedBetweenThreadsIsReported(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "context", rules("context") + ",failOn=violation", true);
        assertEquals(Harness.VIOLATION_EXIT, run.exit, "exit status\n" + run);
        assertEquals(4, run.violations().size(), "four FOREIGN_STATE\n" + run);
        assertKinds(run, Set.of(), Set.of("FOREIGN_STATE"));
        assertReported(run, context("render-b", "render-a", DRAW_B, BIND_A, null));
        assertReported(run, context("render-b", "render-a", RELEASE_B, BIND_A, "unbind by another thread"));
        assertReported(run, context("render-c", null, DRAW_C, null, "not bound to any thread"));
        assertReported(run, context("render-d", "render-c", BIND_D, BIND_C, "bind while bound to another thread"));
        // audit: the calls went on; the native side drew only for the thread that had it current
        assertStdout(run, "render-a draw: 1", "render-b draw: -1", "render-b release: ok", "render-c draw: -1",
                "render-d makeCurrent: ok", "draws that drew: 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void contextHandedOverByBindAndUnbindIsSilent(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "context", rules("context") + ",failOn=violation,mode=enforce", true, "fixed");
        assertSilent(run);
        assertStdout(run, "render-a draw: 1", "render-b draw: 2", "render-c draw: 3", "draws that drew: 3");
    }

    /**
     * The rule's own 'enforce' (the run's mode is audit): every call by a thread that does not
     * have the context is refused before it runs, so render-a keeps it to the end.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.gilguard.testsupport.Jdk#all")
    void aRuleOfItsOwnEnforces(Jdk jdk) throws Exception {
        Run run = Harness.run(jdk, "context", rules("context-enforce"), true);
        assertEquals(0, run.exit, "exit status\n" + run);
        assertEquals(5, run.violations().size(), "five FOREIGN_STATE\n" + run);
        assertKinds(run, Set.of(), Set.of("FOREIGN_STATE"));
        Expected[] refused = {
            context("render-b", "render-a", DRAW_B, BIND_A, null),
            context("render-b", "render-a", RELEASE_B, BIND_A, "unbind by another thread"),
            context("render-c", "render-a", DRAW_C, BIND_A, null),
            context("render-c", "render-a", BIND_C, BIND_A, "bind while bound to another thread"),
            context("render-d", "render-a", BIND_D, BIND_A, "bind while bound to another thread")};
        String[] calls = {"render-b draw", "render-b release", "render-c draw", "render-c makeCurrent",
            "render-d makeCurrent"};
        for (int i = 0; i < refused.length; i++) {
            assertReported(run, refused[i]);
            assertStdout(run, calls[i] + ": refused: " + refused[i].line());
        }
        assertStdout(run, "render-a draw: 1", "draws that drew: 1");
    }

    /** A jar whose only content is a manifest naming io.gilguard.apps.interp.Preload (on the class path) as its agent. */
    private static Path preloadAgent() throws Exception {
        Path jar = Harness.MODULE.resolve("target/gilguard-runs/preload.jar");
        Files.createDirectories(jar.getParent());
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Premain-Class", "io.gilguard.apps.interp.Preload");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            // the manifest is all
        }
        return jar;
    }
}
