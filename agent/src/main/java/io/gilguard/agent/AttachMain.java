package io.gilguard.agent;

import io.gilguard.rules.LockRule;
import io.gilguard.rules.RuleSet;
import io.gilguard.rules.RulesException;
import io.gilguard.rules.RuleSources;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code agentmain}: gilguard loaded into a running JVM by {@code java -jar gilguard.jar attach}.
 * The outcome goes back to the CLI in {@link Presence#OUTCOME}; nothing here ever stops the
 * target or throws into it, and a bad option or rules file (the CLI has checked them already)
 * only fails the attach. This class touches no runtime class: it runs before the runtime is in
 * the bootstrap class loader.
 *
 * <p>The runtime stays in the bootstrap class loader after a detach (a class cannot be
 * unloaded from it), and with it the lock numbers every thread's ledger is sized for: a new
 * attach works with the same locks, and says it cannot with others.
 */
final class AttachMain {
    /** The locks of the first attach in this JVM, which the runtime keeps. */
    private static List<String> runtimeLocks;

    private AttachMain() {}

    static synchronized void agentmain(String args, Instrumentation instrumentation) {
        Presence.clearOutcome();
        try {
            attach(args, instrumentation);
        } catch (Throwable t) {
            failed("gilguard: attach failed, the application runs unchecked: " + t);
        }
    }

    private static void attach(String args, Instrumentation instrumentation) throws Exception {
        if (Presence.present()) {
            failed("gilguard: already loaded in this JVM (" + System.getProperty(Presence.AGENT) + ")");
            return;
        }
        Options options;
        RuleSet rules;
        try {
            options = Options.parse(args);
            rules = RuleSources.parse(options.rules, options.learn != null);
        } catch (RulesException | IllegalArgumentException e) {
            failed(e.getMessage());
            return;
        }
        List<String> locks = signature(rules);
        if (runtimeLocks != null && !runtimeLocks.equals(locks)) {
            failed("gilguard: cannot attach again with other locks: gilguard's runtime stays loaded in this JVM"
                    + " after a detach, made for " + String.join("; ", runtimeLocks)
                    + "; attach with the same locks, or restart the JVM");
            return;
        }
        if (!runtimeLoaded()) {
            BootstrapInjector.inject(instrumentation);
        }
        try {
            options.suppressions();
        } catch (IllegalArgumentException e) {
            // the CLI read the file before it came here: it changed since
            failed(e.getMessage());
            return;
        }
        boolean again = runtimeLocks != null;
        runtimeLocks = locks;
        AttachSession.start(options, rules, instrumentation, again);
    }

    private static void failed(String line) {
        // may come before the runtime (and its Stderr) is in place: the same one write, by hand
        System.err.print(line + "\n");
        System.err.flush();
        Presence.outcome(Presence.FAILED, List.of(line));
    }

    private static boolean runtimeLoaded() {
        try {
            Class.forName("io.gilguard.runtime.Ledger", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static List<String> signature(RuleSet rules) {
        List<String> s = new ArrayList<>();
        for (LockRule l : rules.locks()) {
            s.add("lock " + l.name() + " = " + l.describe());
        }
        return s;
    }
}
