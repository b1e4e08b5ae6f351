package io.gilguard.agent;

import java.lang.instrument.Instrumentation;

/**
 * The entry points, which the JVM loads through the system class loader: each goes on in
 * gilguard's own class loader ({@link AgentLoader}), at start-up in {@link StartUpMain}, at an
 * attach in {@link AttachMain}.
 */
public final class Agent {
    static final String VERSION = versionOf();
    /** Exit status for a bad option or rules file. */
    static final int CONFIG_ERROR = 2;

    private Agent() {}

    public static void premain(String args, Instrumentation instrumentation) {
        AgentLoader.run("io.gilguard.agent.StartUpMain", "premain", args, instrumentation);
    }

    /** Loaded into a running JVM by {@code java -jar gilguard.jar attach PID ...}. */
    public static void agentmain(String args, Instrumentation instrumentation) {
        AgentLoader.run("io.gilguard.agent.AttachMain", "agentmain", args, instrumentation);
    }

    private static String versionOf() {
        String v = Agent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
