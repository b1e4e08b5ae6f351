package io.gilguard.apps.attach;

import java.util.concurrent.locks.ReentrantLock;

/** The (pretend) native engine of this scenario; its state is guarded by {@link #GIL}. */
public final class Engine {
    /** Must be held by any thread that touches the engine's state. */
    public static final ReentrantLock GIL = new ReentrantLock();
    /** Guards the engine's configuration; a thread may hold it for long. */
    public static final ReentrantLock CONFIG = new ReentrantLock();
    /** Taken by thread "leaker", which ends holding it: nobody else uses it. */
    public static final ReentrantLock SCRATCH = new ReentrantLock();
    static int state;
    /** Whether the GIL was held, seen from inside the last NativeLib.crunch call. */
    static volatile boolean heldDuringCrunch;

    private Engine() {
    }

    /** Called back by NativeLib.crunch, from inside the native call, on the calling thread. */
    static void probe() {
        heldDuringCrunch = GIL.isHeldByCurrentThread();
    }
}
