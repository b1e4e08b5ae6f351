package io.gilguard.apps.churn;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Many short threads, each taking the tracked lock once: each gets a ledger, and a dead thread's
 * ledger must go with it, whatever the run length. Asks gilguard's runtime how many are left.
 */
public final class Main {
    static final ReentrantLock GIL = new ReentrantLock();
    static final int THREADS = 20_000;

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < THREADS; i++) {
            Thread t = new Thread(() -> {
                GIL.lock();
                GIL.unlock();
            });
            t.start();
            t.join();
        }
        int alive = THREADS;
        for (int round = 0; round < 20 && alive > 100; round++) {
            System.gc();
            Thread.sleep(50);
            alive = ((List<?>) Class.forName("io.gilguard.runtime.Ledgers").getMethod("all").invoke(null)).size();
        }
        System.out.println("threads=" + THREADS + " ledgers left=" + (alive <= 100 ? "few" : alive));
    }
}
