package io.gilguard.bench;

/**
 * Puts the heap in the state of a long-running application before each trial: one full GC, so
 * that what the JVM and the agent made at start-up (the agent's lock tables among them) is in the
 * old generation. Without it a fresh fork may measure stores into those tables while they are
 * still young, which the G1 write barrier filters cheaply, and report a cost that no application
 * running for more than a few seconds sees. Done in both configurations alike.
 */
final class Heap {
    private Heap() {}

    static void settle() {
        System.gc();
    }
}
