package io.gilguard.apps.supertype;

import java.util.concurrent.locks.ReentrantLock;

/** The (pretend) native engine of this scenario: no native call may be made holding {@link #GIL}. */
public final class Engine {
    public static final ReentrantLock GIL = new ReentrantLock();

    private Engine() {
    }
}
