package io.gilguard.bench;

/**
 * The upcall: {@code upcall io.gilguard.bench.Callbacks#callback acquire gil}. The advice is on
 * the method itself, so a call from Java runs the same advice as a call from native code.
 */
public final class Callbacks {
    /** The state the lock guards. */
    static int state;

    private Callbacks() {}

    public static int callback(int delta) {
        return state += delta;
    }
}
