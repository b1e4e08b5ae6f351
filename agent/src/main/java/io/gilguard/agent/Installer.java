package io.gilguard.agent;

import io.gilguard.instrument.Excluded;
import io.gilguard.instrument.Phase;
import io.gilguard.instrument.Retransform;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.advice.Advising;
import io.gilguard.instrument.attach.Attachment;
import io.gilguard.instrument.rewrite.ClassRewrites;
import io.gilguard.instrument.seam.Seams;
import io.gilguard.nativehooks.NativeHooks;
import io.gilguard.plan.Plan;
import io.gilguard.plan.SetCoverage;
import io.gilguard.report.AppExit;
import io.gilguard.report.AtExit;
import io.gilguard.report.ConsoleSink;
import io.gilguard.report.Jfr;
import io.gilguard.report.Words;
import io.gilguard.rules.Mode;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Enforce;
import io.gilguard.runtime.Errors;
import io.gilguard.runtime.HoldClock;
import io.gilguard.runtime.LearnHooks;
import io.gilguard.runtime.Learning;
import io.gilguard.runtime.Ledgers;
import io.gilguard.runtime.NativeEvents;
import io.gilguard.runtime.OlderHolds;
import io.gilguard.runtime.Stacks;
import io.gilguard.runtime.Stderr;
import io.gilguard.runtime.Violations;
import io.gilguard.runtime.Waits;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Wires the stages together in the order of the data flow (rules, plan, report, instrument), at
 * start-up and at attach alike. The two differ only where they must: at start-up the classes
 * are instrumented as they load, natives wrapped; at attach the loaded classes are
 * retransformed, natives seen at their call sites, and the result checked ({@link Attachment}).
 */
final class Installer {
    /** What an installation left to say and to undo. */
    static final class Installed {
        /** Lines for the attach command: the headline, a native check that is off. */
        final List<String> said = new ArrayList<>();
        Thread atExit;
        /** At attach only. */
        Attachment attachment;
    }

    private Installer() {}

    /** With {@code -javaagent}: whatever fails, the application runs, unchecked. */
    static void startUp(Options options, RuleSet rules, Instrumentation instrumentation) {
        try {
            install(options, rules, instrumentation, Phase.STARTUP, false);
        } catch (Throwable t) {
            Errors.internal(t);
            Stderr.line("gilguard: set-up failed, the application runs unchecked");
        }
    }

    /** {@code again}: an earlier attach in this JVM left its runtime, whose ledgers and reports are forgotten. */
    static Installed install(Options options, RuleSet rules, Instrumentation instrumentation, Phase phase, boolean again) {
        Installed installed = new Installed();
        if (options.learn != null) {
            Learning.start(); // before any boundary is defined: each knows then that it is counted
        }
        Plan plan = Plan.define(rules, options.mode, options.longHoldMillis * 1_000_000L);
        HoldClock.start();
        Waits.longWait(options.longWaitMillis * 1_000_000L);
        if (again) {
            // what the last attach saw is over: its holds were not followed since the detach
            Ledgers.resetAll();
            Violations.clear();
        }
        if (phase == Phase.ATTACH) {
            // from here on, what a thread made before now lacks in its ledger is unknown
            OlderHolds.attachNow();
        }
        Stderr.to(stream(options.log));
        Stacks.depth(options.outputs.stacks);
        // no lambdas or method references on the path every run takes (NoLambdaTest)
        Violations.suppressions(options.suppressions());
        Enforce.format(ConsoleSink.LINE);
        Violations.sink(new ConsoleSink(Stderr.stream()));
        Violations.recorder(options.jfr ? Jfr.sink() : null);
        // Before any ledger exists: a ledger reads its thread's JNI monitor count from them. A
        // native library cannot be unloaded: after a detach they stay, silent, for the next attach.
        if (options.nativeHooks && !NativeHooks.isLoaded()) {
            String off = startNativeHooks(phase);
            if (off != null) {
                installed.said.add(off);
            }
        }
        if (options.learn != null) {
            String off = NativeHooks.isLoaded() ? NativeHooks.watchUpcalls(LearnHooks.UPCALLS) : "native hooks off";
            if (off != null) {
                off = "gilguard: learn mode: upcalls through JNI not seen (" + off + ")";
                Stderr.line(off);
                installed.said.add(off);
            }
        }
        if (NativeHooks.isLoaded() && NativeHooks.isOn(NativeHooks.CHECK_MONITOR_CONTENDED) && mayBeMonitors(rules)) {
            String off = NativeHooks.monitorContention(true);
            if (off != null) {
                Stderr.line(off);
                installed.said.add(off);
            }
        }
        AtExit.FailOn failOn = new AtExit.FailOn(options.failOnViolation, options.exitCode, options.exitWaitMillis,
                options.failOnViolation ? AppExit.watch(instrumentation) : null);
        installed.atExit = AtExit.install(options.outputs, failOn, Agent.VERSION, new Supplier<>() {
            @Override
            public List<String> get() {
                return SetCoverage.lines(rules, plan.coverage().unused(), ClassLoader.getSystemClassLoader());
            }
        });
        // said first: violations may be reported while the classes are being instrumented
        String headline = headline(rules, options.mode, phase);
        Stderr.line(headline);
        installed.said.add(headline);
        List<Seam> seams = Seams.of(plan, phase);
        if (phase == Phase.STARTUP) {
            for (Seam seam : seams) {
                seam.startingUp(instrumentation);
            }
            instrumentation.addTransformer(new ClassRewrites(seams, phase, instrumentation, Errors.NOTES, null), true);
            retransformLoaded(instrumentation, seams);
            Advising.startUp(instrumentation, seams);
        } else {
            installed.attachment = Attachment.install(instrumentation, rules, seams);
        }
        return installed;
    }

    /**
     * Where gilguard's lines go: {@code log=FILE}, else the stderr of now, kept (a test runner
     * swaps {@code System.err} for a capture of its own and closes it before the JVM ends).
     */
    private static PrintStream stream(Path log) {
        if (log != null) {
            try {
                Path parent = log.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                return new PrintStream(new FileOutputStream(log.toFile(), true), true, StandardCharsets.UTF_8);
            } catch (Exception e) {
                Stderr.line(System.err, "gilguard: cannot write log=" + log + " (" + e.getMessage() + "), its lines go to stderr");
            }
        }
        return System.err;
    }

    /**
     * Whether a lock of the rules can be a monitor (a {@code static} or {@code field} lock's
     * object may be either): only then is the JVM asked for its contended monitor entries, each
     * of which then calls into Java.
     */
    private static boolean mayBeMonitors(RuleSet rules) {
        for (io.gilguard.rules.LockRule lock : rules.locks()) {
            if (lock.shape() != io.gilguard.rules.LockRule.Shape.PAIR) {
                return true;
            }
        }
        return false;
    }

    /** Returns the line said when a native check is off, else null. */
    private static String startNativeHooks(Phase phase) {
        String off = NativeHooks.load(new NativeEvents(), phase == Phase.STARTUP, new JarLibrary());
        if (off != null) {
            off += "; the Java-side checks stay on";
            Stderr.line(off);
        }
        return off;
    }

    /** The native hooks' library, read from the agent jar. */
    private static final class JarLibrary implements NativeHooks.Library {
        @Override
        public InputStream open() throws IOException {
            return AgentJar.open(NativeHooks.LIBRARY_RESOURCE);
        }
    }

    /** At start-up, the classes loaded before gilguard that a seam must see (another agent loaded them). */
    private static void retransformLoaded(Instrumentation instrumentation, List<Seam> seams) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (Excluded.of(c) || !instrumentation.isModifiableClass(c)) {
                continue;
            }
            for (Seam seam : seams) {
                if (seam.retransformAtStartUp(c)) {
                    loaded.add(c);
                    break;
                }
            }
        }
        Retransform.classes(instrumentation, loaded, "retransform", Errors.NOTES);
    }

    /** {@code gilguard: VERSION, 1 lock, 2 boundary rules[, ...] from FILE} ({@code VERSION attached:} at attach). */
    private static String headline(RuleSet rules, Mode mode, Phase phase) {
        String s = "gilguard: " + Agent.VERSION + (phase == Phase.ATTACH ? " attached: " : ", ")
                + Words.plural(rules.locks().size(), "lock") + ", " + Words.plural(rules.boundaries().size(), "boundary rule");
        if (!rules.states().isEmpty()) {
            s += ", " + Words.plural(rules.states().size(), "state rule");
        }
        if (!rules.tokens().isEmpty()) {
            s += ", " + Words.plural(rules.tokens().size(), "token rule");
        }
        if (mode == Mode.ENFORCE) {
            s += ", mode enforce";
        }
        if (Learning.on()) {
            s += ", learning";
        }
        return s + " from " + rules.source();
    }
}
