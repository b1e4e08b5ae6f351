package io.gilguard.apps.lambda;

/** A lambda callback that counts in a plain int the GIL is supposed to guard. */
final class Counting {
    private static int count; // guarded by Engine.GIL; deliberately not atomic

    private Counting() {
    }

    static Listener listener() {
        return () -> {
            int seen = count; // @site:lambda-body
            // a little work between read and write, so that calls without the lock lose updates
            for (int i = 0; i < 100; i++) {
                Thread.onSpinWait();
            }
            count = seen + 1;
        };
    }

    /** Reads the count under the lock, which also makes the callbacks' writes visible. */
    static int count() {
        Engine.GIL.lock();
        try {
            return count;
        } finally {
            Engine.GIL.unlock();
        }
    }
}
