package io.gilguard.agent;

import io.gilguard.instrument.Phase;
import io.gilguard.instrument.attach.Attachment;
import io.gilguard.nativehooks.NativeHooks;
import io.gilguard.report.AtExit;
import io.gilguard.report.Outputs;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Errors;
import io.gilguard.runtime.HoldClock;
import io.gilguard.runtime.Learning;
import io.gilguard.runtime.OlderHolds;
import io.gilguard.runtime.Stderr;
import io.gilguard.runtime.Violations;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * gilguard attached to a running JVM, from {@link AttachMain} until detach: the same set-up as
 * at start-up ({@link Installer}), and all of it undone by {@link #detach}. Loaded only once the
 * runtime is in the bootstrap class loader (its verification would load runtime classes through
 * the wrong loader otherwise).
 */
final class AttachSession {
    private static AttachSession current;

    private final RuleSet rules;
    private final Instant since = Instant.now();
    private Installer.Installed installed;
    /** Where report and detach reach this session; null if it could not listen. */
    private ControlSocket control;
    /** The files asked for: written at detach, or at exit if the JVM ends attached. */
    private Outputs outputs;

    private AttachSession(RuleSet rules) {
        this.rules = rules;
    }

    /** Called by {@link AttachMain} once the runtime is in place; returns the session, now running. */
    static synchronized AttachSession start(Options options, RuleSet rules, Instrumentation instrumentation, boolean again) {
        AttachSession session = new AttachSession(rules);
        session.start(options, instrumentation, again);
        current = session;
        return session;
    }

    private void start(Options options, Instrumentation instrumentation, boolean again) {
        outputs = options.outputs;
        installed = Installer.install(options, rules, instrumentation, Phase.ATTACH, again);
        Attachment attachment = installed.attachment;
        List<String> outcome = new ArrayList<>(installed.said);
        AgentControl agentControl = new AgentControl(this);
        boolean jmx = Beans.register(agentControl, outcome);
        control = ControlSocket.start(agentControl::answer, outcome);
        Presence.set(Presence.ATTACHED, jmx, control != null, String.valueOf(options.rules));
        for (String line : attachment.summary()) {
            outcome.add("gilguard: " + line);
        }
        for (String line : attachment.errors()) {
            outcome.add("gilguard: " + line);
        }
        for (String line : attachment.selfCheck()) {
            outcome.add("gilguard: check: " + line);
            if (line.startsWith("NOT")) {
                Stderr.line("gilguard: check: " + line);
            }
        }
        Presence.outcome(attachment.allActive() ? Presence.ACTIVE : Presence.PARTLY_ACTIVE, outcome);
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
        Violations.recorder(null);
        if (NativeHooks.isLoaded()) {
            NativeHooks.monitorContention(false); // each contended monitor entry would call Java for nothing
        }
        HoldClock.stop(); // the clock's thread goes with the attach
        try {
            Runtime.getRuntime().removeShutdownHook(installed.atExit);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting anyway: the report at exit still runs
        }
        try {
            for (String line : installed.attachment.uninstall()) {
                lines.add("gilguard: " + line);
            }
        } catch (Throwable t) {
            Errors.internal(t);
            lines.add("gilguard: NOT restored: " + t);
        }
        if (NativeHooks.isLoaded()) {
            lines.add("gilguard: the native hooks stay loaded (a native library cannot be unloaded) and report nothing");
        }
        // The shutdown hook is gone: what it would have written at exit is written now.
        String summary = AtExit.summary(outputs, Agent.VERSION);
        if (Learning.on()) {
            // its file is written: upcalls pass straight through from now on, and a next attach learns anew
            NativeHooks.unwatchUpcalls();
            Learning.stop();
        }
        Stderr.line(summary);
        lines.add(summary);
        for (String line : OlderHolds.said()) {
            Stderr.line("gilguard: " + line);
            lines.add("gilguard: " + line);
        }
        Beans.unregister();
        if (control != null) {
            // this may be the thread that serves it: it answers this detach, then ends
            control.close();
        }
        Presence.clear();
        Presence.clearOutcome();
        String done = "gilguard: detached after " + Duration.between(since, Instant.now()).toSeconds()
                + " s; the application runs unchecked";
        Stderr.line(done);
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
        return installed == null ? List.of() : installed.attachment.selfCheck();
    }

    List<String> errors() {
        return installed == null ? List.of() : installed.attachment.errors();
    }
}
