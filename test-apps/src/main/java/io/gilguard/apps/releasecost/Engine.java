package io.gilguard.apps.releasecost;

import java.util.concurrent.locks.ReentrantLock;

/** The (pretend) native engine of this scenario; its state is guarded by {@link #GIL}. */
public final class Engine {
    public static final ReentrantLock GIL = new ReentrantLock();

    private Engine() {
    }
}
