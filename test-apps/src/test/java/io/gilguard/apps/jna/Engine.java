package io.gilguard.apps.jna;

import java.util.concurrent.locks.ReentrantLock;

/** The one big lock that guards the native state, as in the other apps. */
public final class Engine {
    public static final ReentrantLock GIL = new ReentrantLock();

    private Engine() {
    }
}
