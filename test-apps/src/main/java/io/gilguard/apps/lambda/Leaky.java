package io.gilguard.apps.lambda;

/** Lambda callbacks that take the GIL: one keeps it (an Ensure without its Release), one gives it back. */
final class Leaky {
    private static int events;

    private Leaky() {
    }

    static Listener leaking() {
        return () -> {
            events++; // @site:leak-body
            Engine.GIL.lock(); // @site:leak-acquire
            events++;
        };
    }

    static Listener releasing() {
        return () -> {
            Engine.GIL.lock();
            try {
                events++;
            } finally {
                Engine.GIL.unlock();
            }
        };
    }
}
