package io.gilguard.apps.releasecost;

import java.util.concurrent.TimeUnit;

/**
 * A release policy around calls too short for it (Py_BEGIN_ALLOW_THREADS around a 50 ns call):
 * main holds the GIL and calls {@code tiny} 20,000 times ({@code tiny}) or {@code slow} (100 ms)
 * 3 times ({@code slow}), the policy letting the GIL go around each call, while "other" takes
 * the GIL again and again: letting go and taking back then costs a hand-over each time.
 */
public final class Main {
    private static volatile boolean done;

    public static void main(String[] args) throws InterruptedException {
        NativeLib.slow(0); // loads the library
        Thread other = new Thread(Main::takeTurns, "other");
        other.start();
        Thread.sleep(10);
        Engine.GIL.lock(); // @site:releasecost-hold
        try {
            long sum = 0;
            if (args[0].equals("tiny")) {
                for (int i = 0; i < 20_000; i++) {
                    sum += NativeLib.tiny(16);
                }
            } else {
                for (int i = 0; i < 3; i++) {
                    NativeLib.slow(100);
                }
            }
            System.out.println("sum: " + sum);
            System.out.println("hold count after calls: " + Engine.GIL.getHoldCount());
        } finally {
            Engine.GIL.unlock();
        }
        done = true;
        other.join(TimeUnit.SECONDS.toMillis(10));
    }

    private static void takeTurns() {
        while (!done) {
            Engine.GIL.lock();
            Engine.GIL.unlock();
        }
    }
}
