package io.gilguard.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a JVM tells that gilguard runs in it: a system property the agent sets and the CLI reads
 * through the attach API ({@code VirtualMachine.getSystemProperties()}), before it changes
 * anything. A second property carries the outcome of an attach back to the CLI, since an
 * agent's {@code agentmain} cannot return anything.
 */
public final class Presence {
    /**
     * {@code version=V mode=attached|javaagent jmx=on|off control=on|off rules=FILE}; absent when no
     * agent runs. {@code control}: whether it listens on its {@link Control} socket.
     */
    public static final String AGENT = "io.gilguard.agent";
    /** The last attach's outcome: a status word on the first line, then the lines to show. */
    public static final String OUTCOME = "io.gilguard.agent.attach";

    public static final String ATTACHED = "attached";
    public static final String JAVAAGENT = "javaagent";

    /** Outcome status words. */
    public static final String ACTIVE = "active";
    public static final String PARTLY_ACTIVE = "partly-active";
    public static final String FAILED = "failed";

    private Presence() {}

    static void set(String mode, boolean jmx, boolean control, String rules) {
        System.setProperty(AGENT, "version=" + Agent.VERSION + " mode=" + mode + " jmx=" + (jmx ? "on" : "off")
                + " control=" + (control ? "on" : "off") + " rules=" + rules);
    }

    static void clear() {
        System.clearProperty(AGENT);
    }

    static boolean present() {
        return System.getProperty(AGENT) != null;
    }

    static void outcome(String status, Iterable<String> lines) {
        StringBuilder b = new StringBuilder(status);
        for (String line : lines) {
            b.append('\n').append(line);
        }
        System.setProperty(OUTCOME, b.toString());
    }

    static void clearOutcome() {
        System.clearProperty(OUTCOME);
    }

    /** The fields of an {@link #AGENT} value; {@code rules} is last and may hold spaces. */
    public static Map<String, String> parse(String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (value == null) {
            return fields;
        }
        int rules = value.indexOf(" rules=");
        String head = rules < 0 ? value : value.substring(0, rules);
        for (String pair : head.trim().split(" +")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        if (rules >= 0) {
            fields.put("rules", value.substring(rules + " rules=".length()));
        }
        return fields;
    }
}
