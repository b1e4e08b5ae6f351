package io.gilguard.agent;

import io.gilguard.rules.RuleSet;
import io.gilguard.rules.RulesException;
import io.gilguard.rules.RulesParser;
import java.lang.instrument.Instrumentation;

/**
 * The entry points. Reads the options and the rules first: a mistake in either is one line on
 * stderr and exit status 2, before the application's {@code main} runs. Then the runtime goes on
 * the bootstrap class path, and only after that is any class that uses it loaded.
 */
public final class Agent {
    static final String VERSION = versionOf();
    /** Exit status for a bad option or rules file. */
    static final int CONFIG_ERROR = 2;
    static final String SAFE_BYTEBUDDY = "io.gilguard.shaded.bytebuddy.safe";

    private Agent() {}

    public static void premain(String args, Instrumentation instrumentation) {
        Options options;
        RuleSet rules;
        try {
            options = Options.parse(args);
            rules = RulesParser.parse(options.rules);
        } catch (RulesException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(CONFIG_ERROR);
            return;
        }
        try {
            BootstrapInjector.inject(instrumentation);
        } catch (Exception e) {
            System.err.println("gilguard: off, the application runs unchecked: cannot set up the runtime: " + e.getMessage());
            return;
        }
        // ByteBuddy's own switch, under its shaded name: no sun.misc.Unsafe (JDK 24+ warns of it).
        // It only concerns gilguard's private copy of ByteBuddy.
        if (System.getProperty(SAFE_BYTEBUDDY) == null) {
            System.setProperty(SAFE_BYTEBUDDY, "true");
        }
        Installer.startUp(options, rules, instrumentation);
        // -Dgilguard.jmx=true: the MBeans that `report PID` and JConsole read. Not by default: an
        // MBean server made before main runs can start java.util.logging before the application
        // has chosen its log manager.
        java.util.List<String> notes = new java.util.ArrayList<>();
        boolean jmx = Boolean.getBoolean("gilguard.jmx") && Beans.register(new AgentControl(rules.source()), notes);
        notes.forEach(System.err::println);
        Presence.set(Presence.JAVAAGENT, jmx, options.rules.toString());
    }

    /** Loaded into a running JVM by {@code java -jar gilguard.jar attach PID ...}. */
    public static void agentmain(String args, Instrumentation instrumentation) {
        AttachMain.agentmain(args, instrumentation);
    }

    private static String versionOf() {
        String v = Agent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
