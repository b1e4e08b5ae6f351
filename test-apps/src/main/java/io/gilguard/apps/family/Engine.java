package io.gilguard.apps.family;

import java.util.concurrent.locks.ReentrantLock;

/** An engine of many: each guards its native state with the lock in its own field. */
final class Engine {
    final ReentrantLock lock;
    final String name;

    Engine(String name) {
        this.name = name;
        this.lock = new ReentrantLock();
    }

    /** How reports name the lock object. */
    String lockLabel() {
        return lock.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(lock));
    }
}
