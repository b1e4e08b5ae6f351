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
    /** When the clock first started: a restart after a detach goes on counting from there. */
    private static long base;
    private static boolean based;

    private HoldClock() {}

    /** Milliseconds since the clock started; 0 until it has. */
    static int now() {
        return millis;
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
        ticker = new Thread(() -> tick(from), "gilguard-clock");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** A detach: the thread ends (the count stays where it is until the next attach starts it again). */
    public static synchronized void stop() {
        if (ticker != null) {
            ticker.interrupt();
            ticker = null;
        }
    }

    private static void tick(long base) {
        try {
            while (true) {
                Thread.sleep(1);
                millis = (int) ((System.nanoTime() - base) / 1_000_000L);
            }
        } catch (InterruptedException e) {
            // a detach
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }
}
