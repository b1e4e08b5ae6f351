package io.gilguard.bench;

/** The callback a new native thread makes: {@code upcall io.gilguard.bench.Churned#run acquire gil}. */
public final class Churned {
    static volatile int calls;

    /** Counts the call, under the lock the rule's acquire takes (none without the agent). */
    public void run() {
        calls++;
    }
}
