package io.gilguard.apps.restore;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Two threads running "Python" call "C++" through a call policy that lets the GIL go around each
 * call. The interleaving is fixed, so that the outcome is the same on every run:
 *
 * <ol>
 * <li>worker-a saves its thread state (precall) and starts a long C++ call;</li>
 * <li>worker-b saves its own, and restores (postcall) after a short call;</li>
 * <li>worker-a's call ends and it restores "its" state, which is worker-b's with the shared
 *     policy; it waits for the GIL, which worker-b holds;</li>
 * <li>worker-b makes another C++ call: the GIL goes to worker-a, and worker-b waits to restore.</li>
 * </ol>
 *
 * With the shared policy (no argument) worker-a now runs as worker-b's thread state; its next
 * callback into Python (PyGILState_Ensure) waits for the GIL it holds itself, and worker-b waits
 * for worker-a: deadlock. With one state per thread ("fixed") both finish. A worker whose restore
 * gilguard refuses (mode=enforce) prints why, and the app ends with status 1.
 */
public final class Main {
    private static volatile boolean refused;

    public static void main(String[] args) throws InterruptedException {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        CallPolicy policy = fixed ? new PerThreadCallPolicy() : new SharedCallPolicy();
        CountDownLatch aSaved = new CountDownLatch(1);
        CountDownLatch bRestored = new CountDownLatch(1);
        Thread a = worker("worker-a", () -> workerA(policy, aSaved, bRestored));
        Thread b = worker("worker-b", () -> workerB(policy, aSaved, bRestored, a));
        a.start();
        b.start();
        a.join();
        b.join();
        if (refused) {
            System.exit(1);
        }
        System.out.println("both workers done");
    }

    private static void workerA(CallPolicy policy, CountDownLatch aSaved, CountDownLatch bRestored) {
        int gstate = Py.ensure();
        policy.precall(); // a long C++ call starts
        aSaved.countDown();
        await(bRestored);
        policy.postcall();
        System.out.println("worker-a: back in Python as thread state #" + Py.currentId() + " (its own is #"
                + Py.ownId() + ")");
        int callback = Py.ensure(); // a callback into Python
        Py.release(callback);
        Py.release(gstate);
        System.out.println("worker-a: done");
    }

    private static void workerB(CallPolicy policy, CountDownLatch aSaved, CountDownLatch bRestored, Thread a) {
        await(aSaved);
        int gstate = Py.ensure();
        policy.precall(); // a short C++ call
        policy.postcall();
        bRestored.countDown();
        // Until worker-a waits for the GIL (or has ended), so that it gets the GIL next.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Py.waiters() == 0 && a.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        policy.precall(); // another C++ call
        policy.postcall();
        int callback = Py.ensure();
        Py.release(callback);
        Py.release(gstate);
        System.out.println("worker-b: done");
    }

    private static Thread worker(String name, Runnable body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (Error e) {
                refused = true;
                System.out.println(name + ": refused: " + e.getMessage());
            }
        }, name);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other worker did not get there in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
