package io.gilguard.apps.comsun;

import java.util.concurrent.locks.ReentrantLock;

/** The (pretend) native engine of this scenario; its state is guarded by {@link #GIL}. */
public final class Engine {
    /** Must not be held across a call into com.sun.gilguardtest.NativeLib. */
    public static final ReentrantLock GIL = new ReentrantLock();

    private Engine() {
    }
}
