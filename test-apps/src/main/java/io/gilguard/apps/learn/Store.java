package io.gilguard.apps.learn;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** A lock in an instance field (a field family) and synchronized methods (a monitor family). */
final class Store {
    private final ReentrantLock pending = new ReentrantLock();
    private int flushes;

    synchronized void flush() {
        flushes++;
        Native.flush(1);
    }

    /** A synchronized method that throws: its monitor is let go, and learn mode must see that. */
    synchronized void fail() {
        flushes++;
        throw new IllegalStateException("store failed");
    }

    void put() throws InterruptedException {
        if (pending.tryLock(1, TimeUnit.SECONDS)) {
            try {
                Native.put(1);
            } finally {
                pending.unlock();
            }
        }
        pending.lockInterruptibly();
        try {
            Native.put(1);
        } finally {
            pending.unlock();
        }
    }
}
