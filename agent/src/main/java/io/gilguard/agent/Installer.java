package io.gilguard.agent;

import io.gilguard.instrument.BoundaryInstaller;
import io.gilguard.nativehooks.NativeHooks;
import io.gilguard.instrument.CallSiteTransformer;
import io.gilguard.instrument.Coverage;
import io.gilguard.instrument.LoadedStates;
import io.gilguard.report.AtExit;
import io.gilguard.report.ConsoleSink;
import io.gilguard.rules.LockRule;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Boundaries;
import io.gilguard.runtime.Errors;
import io.gilguard.runtime.Locks;
import io.gilguard.runtime.NativeEvents;
import io.gilguard.runtime.Violations;
import java.lang.instrument.Instrumentation;
import java.util.List;

/** Wires the stages together, in the order of the data flow: rules, runtime, report, instrument. */
final class Installer {
    private Installer() {}

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** Also at attach ({@link AttachSession}); returns the line said when a check is off, else null. */
    static String startNativeHooks() {
        String off = NativeHooks.load(new NativeEvents());
        if (off != null) {
            off += "; the Java-side checks stay on";
            System.err.println(off);
        }
        return off;
    }

    /** The rules' locks, numbered for the runtime; also at attach ({@link AttachSession}). */
    static void defineLocks(RuleSet rules) {
        List<LockRule> locks = rules.locks();
        String[] names = new String[locks.size()];
        int[] shapes = new int[locks.size()];
        String[] fields = new String[locks.size()];
        for (int i = 0; i < names.length; i++) {
            LockRule l = locks.get(i);
            names[i] = l.name();
            shapes[i] = l.shape() == LockRule.Shape.STATIC ? Locks.STATIC : Locks.PAIR;
            fields[i] = l.shape() == LockRule.Shape.STATIC ? l.owner() + "." + l.field() : null;
        }
        Locks.define(names, shapes, fields);
    }

    static void install(Options options, RuleSet rules, Instrumentation instrumentation) {
        try {
            List<LockRule> locks = rules.locks();
            defineLocks(rules);
            StateTables.define(rules, options.mode);
            Boundaries.longHold(options.longHoldMillis * 1_000_000L);
            Violations.sink(new ConsoleSink(System.err));
            if (options.nativeHooks) {
                // Before any ledger exists: a ledger reads its thread's JNI monitor count from them.
                startNativeHooks();
            }
            Coverage coverage = new Coverage(rules);
            AtExit.install(options.report, options.failOnViolation, options.exitCode, Agent.VERSION, coverage::unused);
            instrumentation.addTransformer(new CallSiteTransformer(rules, instrumentation, coverage), true);
            LoadedStates.retransform(instrumentation, rules);
            BoundaryInstaller.install(instrumentation, rules, coverage, options.mode);
            System.err.println("gilguard: " + Agent.VERSION + ", " + plural(locks.size(), "lock") + ", "
                    + plural(rules.boundaries().size(), "boundary rule") + StateTables.summary(rules, options.mode)
                    + " from " + rules.source());
        } catch (Throwable t) {
            Errors.internal(t);
            System.err.println("gilguard: set-up failed, the application runs unchecked");
        }
    }
}
