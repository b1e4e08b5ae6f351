package io.gilguard.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU-bound threads in the test's own JVM, one more than there are cores, so that every child
 * JVM a test starts meanwhile (the CLI, the app) competes for a processor, as on a machine where
 * others build. Bounded twice: {@link #close} stops them, and they stop by themselves after
 * {@code maxSeconds} whatever the test does.
 */
final class Saturation implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;
    private volatile long sink;

    private Saturation(int threads, long maxSeconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> spin(end), "saturation-" + i);
            t.setDaemon(true);
            this.threads.add(t);
        }
    }

    /** Starts {@code cores + 1} spinning threads, for at most {@code maxSeconds}. */
    static Saturation start(long maxSeconds) {
        Saturation s = new Saturation(Runtime.getRuntime().availableProcessors() + 1, maxSeconds);
        s.threads.forEach(Thread::start);
        return s;
    }

    int threads() {
        return threads.size();
    }

    private void spin(long end) {
        long x = 1;
        while (!stop && System.nanoTime() - end < 0) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink = x;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
