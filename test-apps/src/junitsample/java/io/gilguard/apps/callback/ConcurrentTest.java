package io.gilguard.apps.callback;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Run with parallel execution on: the two tests meet before and after their call, so both run
 * while one breaks "require gil" on its own thread; only that one must fail.
 */
class ConcurrentTest {
    private static final CyclicBarrier BOTH = new CyclicBarrier(2);

    @Test
    void withoutTheLock() throws Exception {
        BOTH.await(20, TimeUnit.SECONDS);
        new Counter().onEvent(); // @site:junit-concurrent
        BOTH.await(20, TimeUnit.SECONDS);
    }

    @Test
    void withTheLock() throws Exception {
        BOTH.await(20, TimeUnit.SECONDS);
        Counter counter = new Counter();
        Engine.GIL.lock();
        try {
            counter.onEvent();
        } finally {
            Engine.GIL.unlock();
        }
        BOTH.await(20, TimeUnit.SECONDS);
    }
}
