package io.gilguard.bench;

import java.lang.instrument.Instrumentation;

/**
 * An agent whose {@code premain} does nothing, packed alone as {@code bench/target/no-agent.jar}:
 * what {@code -javaagent} costs a JVM before any agent's own code runs (the JVM resolves its
 * module graph at start-up instead of taking it from the CDS archive, and loads
 * {@code java.instrument}). {@code AGENT=bench/target/no-agent.jar bench/builtin-cost.sh} and
 * {@code StartUp --agent bench/target/no-agent.jar} measure it as they measure gilguard.
 */
public final class NoAgent {
    private NoAgent() {}

    public static void premain(String options, Instrumentation instrumentation) {
        // nothing: the cost measured is the JVM's
    }
}
