package io.gilguard.bench;

/**
 * Thread state owned by its creator ({@code state io.gilguard.bench.Owned owner=creator}): under
 * the agent, {@link #touch} starts with the owner check, a read of the owner field and a
 * comparison with the current thread.
 */
public final class Owned {
    private int count;

    public int touch() {
        return ++count;
    }
}
