package io.gilguard.agent;

import io.gilguard.instrument.Coverage;
import io.gilguard.instrument.Retransformation;
import io.gilguard.nativehooks.NativeHooks;
import io.gilguard.report.AtExit;
import io.gilguard.report.ConsoleSink;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Boundaries;
import io.gilguard.runtime.Errors;
import io.gilguard.runtime.Ledgers;
import io.gilguard.runtime.Violations;
import java.lang.instrument.Instrumentation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * gilguard attached to a running JVM, from {@link AttachMain} until detach: the same set-up as
 * {@link Installer} at start-up, with retransformation of the loaded classes, and all of it
 * undone by {@link #detach}. Loaded only once the runtime is in the bootstrap class loader
 * (its verification would load runtime classes through the wrong loader otherwise).
 */
final class AttachSession {
    private static AttachSession current;

    private final Options options;
    private final RuleSet rules;
    private final Instrumentation instrumentation;
    private final Instant since = Instant.now();
    private Retransformation retransformation;
    private Thread atExit;
    private final List<String> outcome = new ArrayList<>();

    private AttachSession(Options options, RuleSet rules, Instrumentation instrumentation) {
        this.options = options;
        this.rules = rules;
        this.instrumentation = instrumentation;
    }

    /** Called by {@link AttachMain} once the runtime is in place; returns the session, now running. */
    static synchronized AttachSession start(Options options, RuleSet rules, Instrumentation instrumentation, boolean again) {
        AttachSession session = new AttachSession(options, rules, instrumentation);
        session.start(again);
        current = session;
        return session;
    }

    private void start(boolean again) {
        Installer.defineLocks(rules);
        StateTables.define(rules, options.mode);
        if (again) {
            // what the last attach saw is over: its holds were not followed since the detach
            Ledgers.resetAll();
            Violations.clear();
        }
        Boundaries.longHold(options.longHoldMillis * 1_000_000L);
        Violations.sink(new ConsoleSink(System.err));
        // As at start-up, before any ledger exists (a ledger reads its thread's JNI monitor count
        // from them). A native library cannot be unloaded: after a detach they stay, silent, and
        // serve the next attach.
        if (options.nativeHooks && !NativeHooks.isLoaded()) {
            String off = Installer.startNativeHooks();
            if (off != null) {
                outcome.add(off);
            }
        }
        Coverage coverage = new Coverage(rules);
        atExit = AtExit.install(options.report, options.failOnViolation, options.exitCode, Agent.VERSION, coverage::unused);
        // said first: violations may be reported while the classes are being retransformed
        String headline = "gilguard: " + Agent.VERSION + " attached: " + plural(rules.locks().size(), "lock") + ", "
                + plural(rules.boundaries().size(), "boundary rule") + " from " + rules.source();
        System.err.println(headline);
        outcome.add(headline);
        retransformation = Retransformation.install(instrumentation, rules, coverage);
        boolean jmx = Beans.register(new AgentControl(this), outcome);
        Presence.set(Presence.ATTACHED, jmx, options.rules.toString());
        for (String line : retransformation.summary()) {
            outcome.add("gilguard: " + line);
        }
        for (String line : retransformation.errors()) {
            outcome.add("gilguard: " + line);
        }
        for (String line : retransformation.selfCheck()) {
            outcome.add("gilguard: check: " + line);
            if (line.startsWith("NOT")) {
                System.err.println("gilguard: check: " + line);
            }
        }
        Presence.outcome(retransformation.allActive() ? Presence.ACTIVE : Presence.PARTLY_ACTIVE, outcome);
    }

    /** Undoes the attach; one line per thing done or not done, for the CLI. */
    static List<String> detach() {
        synchronized (AttachSession.class) {
            AttachSession s = current;
            if (s == null) {
                return List.of("gilguard: not attached");
            }
            current = null;
            return s.stop();
        }
    }

    private List<String> stop() {
        List<String> lines = new ArrayList<>();
        // Stop reporting first: threads still inside a method that was instrumented finish that
        // call in the old code, and may call gilguard's hooks once more; nothing is said of it.
        Violations.sink(null);
        try {
            Runtime.getRuntime().removeShutdownHook(atExit);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting anyway: the report at exit still runs
        }
        try {
            for (String line : retransformation.uninstall()) {
                lines.add("gilguard: " + line);
            }
        } catch (Throwable t) {
            Errors.internal(t);
            lines.add("gilguard: NOT restored: " + t);
        }
        Beans.unregister();
        if (NativeHooks.isLoaded()) {
            lines.add("gilguard: the native hooks stay loaded (a native library cannot be unloaded) and report nothing");
        }
        Presence.clear();
        Presence.clearOutcome();
        String done = "gilguard: detached after " + java.time.Duration.between(since, Instant.now()).toSeconds()
                + " s; the application runs unchecked";
        System.err.println(done);
        lines.add(done);
        return lines;
    }

    Instant since() {
        return since;
    }

    RuleSet rules() {
        return rules;
    }

    List<String> selfCheck() {
        return retransformation == null ? List.of() : retransformation.selfCheck();
    }

    List<String> errors() {
        return retransformation == null ? List.of() : retransformation.errors();
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
