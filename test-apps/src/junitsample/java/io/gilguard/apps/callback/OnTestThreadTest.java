package io.gilguard.apps.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Breaks "require gil" on the test's own thread (a callback called without the lock), in some
 * tests and not in others, in this order: each test that broke it must fail, and only those.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OnTestThreadTest {
    @Test
    @Order(1)
    void withoutTheLock() {
        new Counter().onEvent(); // @site:junit-on-test-thread
    }

    @Test
    @Order(2)
    void between() {
        assertEquals(0, new Counter().count());
    }

    @Test
    @Order(3)
    void withTheLock() {
        Counter counter = new Counter();
        Engine.GIL.lock();
        try {
            counter.onEvent();
        } finally {
            Engine.GIL.unlock();
        }
        assertEquals(1, counter.count());
    }

    /** The same violation as the first test's, twice: it fails this test too. */
    @Test
    @Order(4)
    void withoutTheLockAgain() {
        Counter counter = new Counter();
        counter.onEvent();
        counter.onEvent();
    }

    /** Its own failure stays the test's failure; gilguard's is added to it. */
    @Test
    @Order(5)
    void failsForItsOwnReasonToo() {
        new Counter().onEvent();
        fail("its own reason");
    }
}
