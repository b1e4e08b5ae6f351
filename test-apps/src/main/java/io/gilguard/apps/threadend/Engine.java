package io.gilguard.apps.threadend;

import java.util.concurrent.locks.ReentrantLock;

/** Two locks, so that a thread can leak one without blocking the thread that leaks the other. */
public final class Engine {
    /** Leaked by dies-locked. */
    public static final ReentrantLock GIL = new ReentrantLock();
    /** Leaked, twice over, by returns-locked. */
    public static final ReentrantLock DB = new ReentrantLock();
    /** Leaked by the virtual thread virtual-locked (argument "virtual", JDK 21+). */
    public static final ReentrantLock POOL = new ReentrantLock();

    private Engine() {
    }
}
