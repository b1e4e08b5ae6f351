package io.gilguard.runtime;

/**
 * A coarse clock for whole holds: a millisecond count that a daemon thread advances. Reading it
 * is one volatile load, where {@code System.nanoTime()} costs about 20 ns, more than a tracked
 * lock pair: every outermost acquisition and final release reads it. Holds shorter than its
 * tick read as 0 ms; the time a hold spends inside native code is measured with
 * {@code nanoTime} at the boundaries instead (see {@link Holds}).
 */
public final class HoldClock {
    private static volatile int millis;
    private static Thread ticker;

    private HoldClock() {}

    /** Milliseconds since the clock started; 0 until it has. */
    static int now() {
        return millis;
    }

    /** Starts the clock once (at start-up or the first attach); it runs until the JVM ends. */
    public static synchronized void start() {
        if (ticker != null) {
            return;
        }
        long base = System.nanoTime();
        ticker = new Thread(() -> tick(base), "gilguard-clock");
        ticker.setDaemon(true);
        ticker.start();
    }

    private static void tick(long base) {
        try {
            while (true) {
                Thread.sleep(1);
                millis = (int) ((System.nanoTime() - base) / 1_000_000L);
            }
        } catch (InterruptedException e) {
            // the JVM is ending
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }
}
