package io.gilguard.apps.enforce;

import java.util.concurrent.locks.ReentrantLock;

/** The locks of the enforce scenario. */
final class Engine {
    /** lock gil: its releases, and the boundaries that name it, are what enforce stops. */
    static final ReentrantLock GIL = new ReentrantLock();
    /** lock other: its rule ends with 'audit', so its releases are reported and never refused. */
    static final ReentrantLock OTHER = new ReentrantLock();

    private Engine() {
    }
}
