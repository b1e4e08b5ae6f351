package io.gilguard.apps.longcall;

import java.util.concurrent.TimeUnit;

/**
 * The main thread holds the GIL (twice, reentrantly) across a 400 ms native call while
 * another thread wants it. With "forbid gil" the agent reports FORBIDDEN_HELD and the other
 * thread makes no progress; with "release gil" the agent lets the GIL go around the call,
 * the other thread progresses, and main holds the GIL again, with the same count, after it.
 */
public final class Main {
    static int progress; // guarded by Engine.GIL
    static volatile boolean done;

    public static void main(String[] args) throws InterruptedException {
        Engine.GIL.lock(); // @site:longcall-acquire
        Engine.GIL.lock(); // @site:longcall-reacquire
        Thread worker = new Thread(Main::makeProgress, "progress");
        try {
            worker.start();
            long took = NativeLib.compute(400); // @site:longcall-compute
            // the worker cannot run while we hold the GIL, so this is what it did during the call
            int during = progress;
            System.out.println("native call took >= 400 ms: " + (took >= 400));
            System.out.println("progress during native call: " + during);
            System.out.println("held after call: " + Engine.GIL.isHeldByCurrentThread());
            System.out.println("hold count after call: " + Engine.GIL.getHoldCount() + " (expected 2)");
            if (args.length > 0 && args[0].equals("fail")) {
                failingCall();
            }
        } finally {
            done = true;
            Engine.GIL.unlock();
            Engine.GIL.unlock();
        }
        worker.join(TimeUnit.SECONDS.toMillis(10));
        if (worker.isAlive()) {
            System.out.println("progress thread still running");
        }
    }

    /** A native call that throws: the GIL must come back all the same, with its count. */
    private static void failingCall() {
        int before = progress;
        try {
            NativeLib.computeThenFail(200);
            System.out.println("no exception from native");
        } catch (IllegalStateException e) {
            System.out.println("exception from native: " + e.getMessage());
        }
        System.out.println("progress during failing call: " + (progress > before));
        System.out.println("hold count after failing call: " + Engine.GIL.getHoldCount() + " (expected 2)");
    }

    /** Takes the GIL briefly, again and again, until main is done. */
    private static void makeProgress() {
        try {
            while (!done) {
                if (Engine.GIL.tryLock(5, TimeUnit.MILLISECONDS)) {
                    try {
                        progress++;
                    } finally {
                        Engine.GIL.unlock();
                    }
                }
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
