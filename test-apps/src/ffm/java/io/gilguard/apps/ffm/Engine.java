package io.gilguard.apps.ffm;

import java.util.concurrent.locks.ReentrantLock;

/** The (pretend) native engine of this scenario; its state is guarded by {@link #GIL}. */
public final class Engine {
    /** Must be held by any thread that touches the engine's state. */
    public static final ReentrantLock GIL = new ReentrantLock();

    private Engine() {
    }
}
