package io.gilguard.apps.holdcost;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the GIL costs at the boundary: one hold across many short native calls (zstd-jni's stream
 * monitor, held across ~55 compressStream calls), and a native call whose time is mostly the
 * Java callbacks it makes (LMDB's comparator upcalls inside a put). Modes:
 * <ul>
 * <li>{@code many}: "holder" holds the GIL across 30 calls of 5 ms and 2 flushes of 1 ms while
 *     "waiter" waits for it, from the holder's second call on: no call is long, the hold is (150 ms
 *     in native code), and so is the wait.
 * <li>{@code many-fixed}: the same calls, the GIL taken around each one, 1 ms of work outside it
 *     between calls: "waiter" gets in between.
 * <li>{@code upcalls}: main holds the GIL across one sort whose 20 comparator callbacks each
 *     sleep 10 ms in Java; the C code itself is quick.
 * <li>{@code upcalls-native}: the same sort, with 10 ms in C before each callback and quick callbacks.
 * </ul>
 */
public final class Main {
    /** Counted down by the holder after its first call: the waiter starts while the holder is in native code. */
    private static final CountDownLatch FIRST_CALL = new CountDownLatch(1);

    public static void main(String[] args) throws InterruptedException {
        NativeLib.flush(0); // loads the library before any hold
        switch (args[0]) {
            case "many":
                contended(Main::manyCallsInOneHold);
                break;
            case "many-fixed":
                contended(Main::oneHoldPerCall);
                break;
            case "upcalls":
                sort(10, 0);
                break;
            case "upcalls-native":
                sort(0, 10);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    private static void manyCallsInOneHold() {
        Engine.GIL.lock(); // @site:holdcost-hold
        try {
            for (int i = 0; i < 30; i++) {
                NativeLib.step(5);
                FIRST_CALL.countDown();
            }
            NativeLib.flush(1);
            NativeLib.flush(1);
        } finally {
            Engine.GIL.unlock(); // @site:holdcost-unlock
        }
    }

    private static void oneHoldPerCall() {
        for (int i = 0; i < 30; i++) {
            Engine.GIL.lock(); // @site:holdcost-per-call
            try {
                NativeLib.step(5);
            } finally {
                Engine.GIL.unlock();
            }
            FIRST_CALL.countDown();
            // Work outside the lock between calls. Without it the holder takes the (non-fair) lock
            // back before the parked waiter wakes, again and again: the waiter then waits 50-70 ms
            // for a holder in native code all the same, and is CONTENDED.
            sleep(1);
        }
    }

    /** Runs {@code work} on "holder" while "waiter" takes the GIL once, and says how long it waited. */
    private static void contended(Runnable work) throws InterruptedException {
        Thread holder = new Thread(work, "holder");
        holder.start();
        FIRST_CALL.await();
        Thread.sleep(1); // into the holder's second call
        long start = System.nanoTime();
        Thread waiter = new Thread(() -> {
            Engine.GIL.lock(); // @site:holdcost-wait
            Engine.GIL.unlock();
        }, "waiter");
        waiter.start();
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        holder.join(TimeUnit.SECONDS.toMillis(10));
        System.out.println("waiter waited >= 100 ms: " + (waited >= 100));
    }

    private static void sort(int javaMillis, int cMillis) {
        Compare slowInJava = (a, b) -> {
            sleep(javaMillis);
            return Integer.compare(a, b);
        };
        Engine.GIL.lock(); // @site:holdcost-sort
        try {
            System.out.println("comparisons: " + NativeLib.sort(slowInJava, 21, cMillis));
        } finally {
            Engine.GIL.unlock();
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
