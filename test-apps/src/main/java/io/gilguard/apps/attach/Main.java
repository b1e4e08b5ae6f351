package io.gilguard.apps.attach;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * A service to attach to: thread "looper" repeats a round of mistakes and their correct twins
 * ({@link Rounds}) until told to stop; thread "holder" takes the engine's CONFIG lock twice and
 * blocks holding it when told to. Commands come one per line on stdin: {@code hold}, {@code release},
 * {@code late} (thread "late" runs {@link Late}, loading it if need be), {@code leak} (thread
 * "leaker" ends holding SCRATCH), {@code stop} (also at end of input). Prints "attach-app: running" after 20 rounds, and at the end
 * "attach-app: done after N rounds, E errors"; exits 0 when the application saw no error of its
 * own. Gives up by itself after 50 s (see {@link #MAX_MILLIS}).
 */
public final class Main {
    /** 50 s, or -Dgilguard.apps.attach.seconds=N for a test that talks to it longer. */
    private static final long MAX_MILLIS = Long.getLong("gilguard.apps.attach.seconds", 50) * 1000;
    private static volatile boolean stop;
    private static final SynchronousQueue<CountDownLatch> HOLD = new SynchronousQueue<>();

    private Main() {
    }

    /**
     * A round and Late's run never overlap: the round's unpaired unlock would otherwise now and
     * then meet the GIL held by "late", a FOREIGN_RELEASE (right, but not the run the test expects).
     */
    private static final Object TURN = new Object();

    public static void main(String[] args) throws InterruptedException, IOException {
        long deadline = System.currentTimeMillis() + MAX_MILLIS;
        int[] rounds = new int[1];
        Thread looper = new Thread(() -> {
            while (!stop && System.currentTimeMillis() < deadline) {
                try {
                    synchronized (TURN) {
                        Rounds.once(rounds[0]++);
                    }
                } catch (RuntimeException e) {
                    Rounds.errors++;
                    System.out.println("attach-app: round " + rounds[0] + ": " + e);
                }
                if (rounds[0] == 20) {
                    System.out.println("attach-app: running");
                }
                pause();
            }
        }, "looper");
        Thread holder = new Thread(Main::holder, "holder");
        holder.setDaemon(true);
        looper.start();
        holder.start();

        CountDownLatch release = null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("stop"); ) {
            if (line.equals("hold") && release == null) {
                release = new CountDownLatch(1);
                HOLD.put(release);
            } else if (line.equals("late")) {
                Thread late = new Thread(() -> {
                    synchronized (TURN) {
                        Late.run();
                    }
                }, "late");
                late.start();
                late.join();
                System.out.println("attach-app: late done");
            } else if (line.equals("leak")) {
                Thread leaker = new Thread(Main::leak, "leaker");
                leaker.start();
                leaker.join();
                System.out.println("attach-app: leaker ended");
            } else if (line.equals("release") && release != null) {
                release.countDown();
                release = null;
            }
        }
        if (release != null) {
            release.countDown();
        }
        stop = true;
        looper.join();
        System.out.println("attach-app: done after " + rounds[0] + " rounds, " + Rounds.errors + " errors");
        System.exit(Rounds.errors == 0 ? 0 : 1);
    }

    private static void holder() {
        try {
            while (true) {
                hold(HOLD.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the CONFIG lock twice and blocks, holding it, until released. */
    static void hold(CountDownLatch release) throws InterruptedException {
        Engine.CONFIG.lock(); // @site:attach-hold
        try {
            Engine.CONFIG.lock();
            try {
                System.out.println("attach-app: holder holds the config lock");
                release.await(MAX_MILLIS, TimeUnit.MILLISECONDS);
            } finally {
                Engine.CONFIG.unlock();
            }
        } finally {
            Engine.CONFIG.unlock();
        }
        System.out.println("attach-app: holder let go of the config lock");
    }

    /** Ends the thread holding SCRATCH, which stays locked for ever. */
    static void leak() {
        Engine.SCRATCH.lock(); // @site:attach-leak
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
