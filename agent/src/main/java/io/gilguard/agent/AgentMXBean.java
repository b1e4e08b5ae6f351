package io.gilguard.agent;

/**
 * {@code io.gilguard:type=Agent}: what gilguard is doing in this JVM, and the way out of an
 * attach. The CLI's {@code detach} calls {@link #detach}; JConsole and Mission Control show it too.
 */
public interface AgentMXBean {
    String getVersion();

    /** {@code attached} or {@code javaagent}. */
    String getMode();

    String getRules();

    /** ISO-8601 instant of the attach or start-up. */
    String getSince();

    /** After an attach: per rule, where it is active, or NOT active and why. */
    String[] getSelfCheck();

    /** After an attach: every class that could not be instrumented, one line each. */
    String[] getTransformationErrors();

    /** Undoes an attach: original bytecode back, reporting stopped; one line per result. */
    String[] detach();
}
