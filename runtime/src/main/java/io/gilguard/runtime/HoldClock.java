package io.gilguard.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * A coarse clock for whole holds: a millisecond count that a daemon thread advances. Reading it
 * is one volatile load, where {@code System.nanoTime()} costs about 20 ns, more than a tracked
 * lock pair: every outermost acquisition and final release reads it. Holds shorter than its
 * tick read as 0 ms; the time a hold spends inside native code is measured with
 * {@code nanoTime} at the boundaries instead (see {@link Holds}).
 *
 * <p>Nobody reading it, the thread parks: a tick a millisecond is some 17 ms of CPU a second in
 * an application that takes no tracked lock. Every {@value #CHECK_TICKS} ticks the thread writes
 * {@link #DROWSY} in place of the count; the first read that finds it takes the time from
 * {@code nanoTime} itself, writes it back and wakes the thread. Found again at the next check,
 * nobody read: the thread parks until a read wakes it. So a read never returns a stale count,
 * and costs {@code nanoTime} at most once per check while the clock is in use.
 */
public final class HoldClock {
    /**
     * In {@link #millis}: not a count; the reader takes the time itself. (A true count of this
     * value, for a millisecond every 49 days, only costs its readers that.)
     */
    private static final int DROWSY = Integer.MIN_VALUE;
    /** Ticks between two asks of whether anybody read: the clock parks after 64 to 128 idle ms. */
    private static final int CHECK_TICKS = 64;

    private static volatile int millis;
    private static volatile Thread ticker;
    /** When the clock first started: a restart after a detach goes on counting from there. */
    private static volatile long base;
    private static boolean based;

    private HoldClock() {}

    /** Milliseconds since the clock started; 0 until it has. */
    static int now() {
        int m = millis;
        return m != DROWSY ? m : wake();
    }

    /** A read that found the clock drowsy or parked: the time now, for this read and the next ones. */
    private static int wake() {
        int m = elapsed(base);
        millis = m;
        Thread t = ticker;
        if (t != null) {
            LockSupport.unpark(t);
        }
        return m;
    }

    private static int elapsed(long base) {
        return (int) ((System.nanoTime() - base) / 1_000_000L);
    }

    /** Starts the clock (at start-up or an attach), unless it runs; it runs until the JVM ends or a detach. */
    public static synchronized void start() {
        if (ticker != null) {
            return;
        }
        if (!based) {
            base = System.nanoTime();
            based = true;
        }
        long from = base;
        Thread t = new Thread("gilguard-clock") { // not a lambda (NoLambdaTest in test-apps)
            @Override
            public void run() {
                tick(from);
            }
        };
        t.setDaemon(true);
        ticker = t;
        t.start();
    }

    /** A detach: the thread ends; until the next attach starts it again, a read takes the time itself. */
    public static synchronized void stop() {
        Thread t = ticker;
        if (t != null) {
            ticker = null;
            millis = DROWSY;
            t.interrupt();
        }
    }

    private static void tick(long base) {
        try {
            for (int n = 1; ; n++) {
                Thread.sleep(1);
                if (n % CHECK_TICKS != 0) {
                    if (millis != DROWSY) {
                        millis = elapsed(base);
                    }
                } else if (millis == DROWSY) {
                    LockSupport.park(); // until a read (wake), or a detach's interrupt: the sleep then throws
                } else {
                    millis = DROWSY;
                }
            }
        } catch (InterruptedException e) {
            // a detach
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }
}
