package io.gilguard.apps.jnicycle;

import java.util.concurrent.locks.ReentrantLock;

/** The (pretend) interpreter of this scenario: {@link #GIL} guards its state. */
public final class Engine {
    public static final ReentrantLock GIL = new ReentrantLock();

    private Engine() {
    }
}
