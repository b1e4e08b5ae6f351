package io.gilguard.agent;

import io.gilguard.rules.RuleSet;
import io.gilguard.rules.RulesException;
import io.gilguard.rules.RuleSources;
import io.gilguard.runtime.Stderr;
import java.lang.instrument.Instrumentation;

/**
 * {@code premain}: gilguard started with the JVM. Reads the options and the rules first: a
 * mistake in either is one line on stderr and exit status 2, before the application's
 * {@code main} runs. Then the runtime goes on the bootstrap class path, and only after that is
 * any class that uses it loaded.
 */
final class StartUpMain {
    private StartUpMain() {}

    static void premain(String args, Instrumentation instrumentation) {
        Options options;
        RuleSet rules;
        try {
            options = Options.parse(args);
            rules = RuleSources.parse(options.rules, options.learn != null);
        } catch (RulesException | IllegalArgumentException e) {
            // the runtime (and its Stderr) is not in place yet: the same one write, by hand
            System.err.print(e.getMessage() + "\n");
            System.err.flush();
            Runtime.getRuntime().halt(Agent.CONFIG_ERROR);
            return;
        }
        try {
            BootstrapInjector.inject(instrumentation);
        } catch (Exception e) {
            System.err.print("gilguard: off, the application runs unchecked: cannot set up the runtime: " + e.getMessage() + "\n");
            System.err.flush();
            return;
        }
        try {
            options.suppressions();
        } catch (IllegalArgumentException e) {
            Stderr.line(e.getMessage());
            Runtime.getRuntime().halt(Agent.CONFIG_ERROR);
            return;
        }
        Installer.startUp(options, rules, instrumentation);
        String order = AgentOrder.jacocoAfterUs(AgentOrder.arguments());
        if (order != null) {
            Stderr.line(order);
        }
        // before the test framework reads its configuration: a test JVM fails a test for its violations
        String junit = io.gilguard.junit.Activation.atStartUp(options.failTests, instrumentation);
        if (junit != null) {
            Stderr.line(junit);
        }
        // -Dgilguard.jmx=true: the live report, for `report PID` (the control socket) and JConsole
        // (the MBeans). Not by default: an MBean server made before main runs can start
        // java.util.logging before the application has chosen its log manager, and a JVM that
        // nobody will ask needs no socket.
        java.util.List<String> notes = new java.util.ArrayList<>();
        boolean live = Boolean.getBoolean("gilguard.jmx");
        AgentControl control = live ? new AgentControl(rules.source()) : null;
        boolean jmx = live && Beans.register(control, notes);
        boolean listening = live && ControlSocket.start(control::answer, notes) != null;
        for (String note : notes) {
            Stderr.line(note);
        }
        Presence.set(Presence.JAVAAGENT, jmx, listening, String.valueOf(options.rules));
    }
}
