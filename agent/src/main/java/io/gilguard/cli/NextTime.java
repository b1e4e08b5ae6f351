package io.gilguard.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What to say before loading the agent into a running JVM: JDK 21 and later print a warning
 * when an agent is loaded that way (JEP 451), and a later JDK will refuse it unless the JVM was
 * started with {@code -XX:+EnableDynamicAgentLoading}. The user gets the exact start-up lines
 * that avoid it next time.
 */
final class NextTime {
    static final String FLAG = "-XX:+EnableDynamicAgentLoading";

    private NextTime() {}

    static void print(PrintStream out, long pid, Properties system, Properties agent, Path jar, String options) {
        int feature = feature(system.getProperty("java.specification.version", "0"));
        String jvmArgs = agent.getProperty("sun.jvm.args", "");
        boolean allowed = jvmArgs.contains(FLAG);
        String java = "Java " + system.getProperty("java.version", "?");
        if (feature >= 21 && !allowed) {
            out.println("gilguard: process " + pid + " runs " + java + ", which will print on its stderr"
                    + " \"WARNING: A Java agent has been loaded dynamically (" + jar + ")\" and three more lines"
                    + " (JEP 451): agents loaded into a running JVM will be refused by a later JDK unless it was started"
                    + " with " + FLAG + ".");
        } else if (feature >= 21) {
            out.println("gilguard: process " + pid + " runs " + java + ", started with " + FLAG
                    + ": no warning about loading an agent.");
        } else {
            out.println("gilguard: process " + pid + " runs " + java + ", which takes agents at run time without a"
                    + " warning; JDK 21 and later warn unless started with " + FLAG + ".");
        }
        out.println("gilguard: next time, start it with gilguard from the first instruction:  -javaagent:" + jar + "="
                + options);
        out.println("gilguard: or let tools attach later without a warning:  " + FLAG);
    }

    static int feature(String specificationVersion) {
        try {
            String v = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
            int dot = v.indexOf('.');
            return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
