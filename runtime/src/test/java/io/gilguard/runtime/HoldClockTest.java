package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hold clock's thread parks while nobody reads it, and a read then is not stale. */
class HoldClockTest {
    @AfterEach
    void stop() throws InterruptedException {
        Thread t = find();
        HoldClock.stop();
        if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    @Test
    void parksWhileNobodyReadsAndTheReadThatWakesItIsNotStale() throws Exception {
        HoldClock.start();
        Thread ticker = clockThread();
        for (int i = 0; i < 20; i++) { // read while it ticks
            HoldClock.now();
            Thread.sleep(1);
        }
        int ticking = HoldClock.now();
        long from = System.nanoTime();

        awaitState(ticker, Thread.State.WAITING); // within two checks of the last read
        Thread.sleep(100); // parked all along: a count kept would be behind by all of it
        int woken = HoldClock.now();
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
        assertTrue(woken - ticking >= wall - 2, "read " + (woken - ticking) + " ms after " + wall + " ms");

        awaitState(ticker, Thread.State.TIMED_WAITING); // ticking again: sleeping between ticks
    }

    @Test
    void aReadAfterADetachTakesTheTimeItself() throws Exception {
        HoldClock.start();
        int before = HoldClock.now();
        long from = System.nanoTime();
        stop();
        Thread.sleep(50);
        long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
        assertTrue(HoldClock.now() - before >= wall - 2, "a count stopped at the detach");
    }

    private static Thread clockThread() {
        Thread t = find();
        assertTrue(t != null, "no clock thread");
        return t;
    }

    private static Thread find() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("gilguard-clock") && t.isAlive()) {
                return t;
            }
        }
        return null;
    }

    private static void awaitState(Thread t, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != state && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(state, t.getState(), "the clock's thread");
    }
}
