package io.gilguard.apps.detach;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts callbacks and the Thread objects they came on: each attach of a native thread makes
 * a new java.lang.Thread, which the per-call run shows.
 */
final class Callbacks {
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    void record() {
        count.incrementAndGet();
        threads.add(Thread.currentThread());
    }

    @Override
    public String toString() {
        return "callbacks=" + count.get() + " threads=" + threads.size();
    }
}
