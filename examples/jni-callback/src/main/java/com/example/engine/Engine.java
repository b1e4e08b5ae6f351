package com.example.engine;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A JNI wrapper of a (tiny) native engine. Its state is guarded by one lock, the GIL: a callback
 * that native code makes from its own thread must take it, and give it back before it returns.
 */
public final class Engine {
    /** Held by every thread that touches the engine's state. */
    public static final ReentrantLock GIL = new ReentrantLock();

    static {
        System.loadLibrary("engine");
    }

    private Engine() {
    }

    /**
     * Starts a native thread that attaches to the JVM and calls {@code listener.onEvent(i)} for
     * i = 0 .. events-1, then detaches; returns when that thread has ended.
     */
    public static native void run(Listener listener, int events);
}
