package io.gilguard.bench;

/**
 * A class whose instances' monitors are one lock family ({@code lock conn = monitor
 * io.gilguard.bench.Connection} in {@code bench.rules}), as sqlite-jdbc's connection.
 */
public final class Connection {
    /** In a static field, so that its monitor escapes and the JIT cannot elide it. */
    public static final Connection SHARED = new Connection();

    private int steps;

    public synchronized int step() {
        return ++steps;
    }
}
