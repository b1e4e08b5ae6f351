package io.gilguard.apps.jna;

import com.sun.jna.LastErrorException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A long C call (gg_sleep, 400 ms) and a failing one (gg_fail: LastErrorException) made holding
 * the GIL twice. Another thread counts how often it gets the GIL meanwhile: never, unless a
 * "release" rule lets it go around the calls; the hold count must be 2 again after each.
 */
public final class Release {
    private Release() {
    }

    public static void main(String[] args) throws InterruptedException {
        AtomicInteger progress = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread other = new Thread(() -> {
            while (!done.get()) {
                try {
                    if (Engine.GIL.tryLock(5, TimeUnit.MILLISECONDS)) {
                        try {
                            progress.incrementAndGet();
                        } finally {
                            Engine.GIL.unlock();
                        }
                        Thread.sleep(1);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "other");
        Engine.GIL.lock(); // @site:acquire
        Engine.GIL.lock();
        try {
            other.start();
            Thread.sleep(50); // the other thread is waiting for the GIL
            int before = progress.get();
            long start = System.nanoTime();
            CLib.INSTANCE.sleep(400); // @site:sleep-call
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("native call took >= 400 ms: " + (millis >= 400));
            System.out.println("progress during the call: " + (progress.get() > before));
            System.out.println("hold count after the call: " + Engine.GIL.getHoldCount());
            try {
                CLib.INSTANCE.fail(5); // @site:fail-call
                System.out.println("no exception");
            } catch (LastErrorException e) {
                System.out.println("LastErrorException errno=" + e.getErrorCode());
            }
            System.out.println("hold count after the throw: " + Engine.GIL.getHoldCount());
        } finally {
            Engine.GIL.unlock();
            Engine.GIL.unlock();
        }
        done.set(true);
        other.join();
    }
}
