package io.gilguard.apps.jnimon;

/**
 * Native methods that misuse JNI monitors, which HotSpot lets pass without a word. Broken (no
 * argument): main returns from a native method holding the monitor it entered (LEAKED_AT_RETURN);
 * a native method exits a monitor it does not hold (UNPAIRED_RELEASE; the JVM throws
 * IllegalMonitorStateException, caught here); thread jni-worker leaks a monitor the same way and
 * then ends holding it (LEAKED_AT_RETURN and HELD_AT_THREAD_EXIT; the JVM never releases it);
 * main leaks the monitor of {@link #CACHE} too, which the reports call by its rule name, and
 * that of a Journal on an error path (the native method throws without its MonitorExit); thread
 * jni-swapper holds a Gate's monitor (taken through NativeLock) and calls a native method that
 * exits it and enters a Cursor's instead: one JNI monitor held before and after, but the Cursor's
 * is kept (LEAKED_AT_RETURN, then HELD_AT_THREAD_EXIT).
 * Fixed (argument "fixed"): every native method exits what it entered; the swap is swapped back.
 */
public final class Main {
    /** A monitor that the rules name (lock cache): reports say lock=cache, not jni:CLASS. */
    public static final Object CACHE = new Object();

    public static void main(String[] args) throws InterruptedException {
        boolean fixed = args.length > 0 && args[0].equals("fixed");

        Resource resource = new Resource();
        if (fixed) {
            NativeLib.enterExit(resource);
        } else {
            NativeLib.enterOnly(resource);
        }
        System.out.println("main holds resource: " + Thread.holdsLock(resource));
        if (fixed) {
            NativeLib.enterExit(CACHE);
        } else {
            NativeLib.enterOnly(CACHE);
        }
        System.out.println("main holds cache: " + Thread.holdsLock(CACHE));

        Journal journal = new Journal();
        try {
            if (fixed) {
                NativeLib.enterExitThenThrow(journal);
            } else {
                NativeLib.enterThenThrow(journal);
            }
        } catch (IllegalStateException e) {
            System.out.println("journal: " + e.getMessage());
        }
        System.out.println("main holds journal: " + Thread.holdsLock(journal));

        Handle handle = new Handle();
        if (fixed) {
            NativeLib.enterExit(handle);
            System.out.println("handle: entered and exited");
        } else {
            try {
                NativeLib.exitOnly(handle);
                System.out.println("exitOnly returned");
            } catch (IllegalMonitorStateException e) {
                // what the JVM does; the app goes on, as a caller that logs and continues would
                System.out.println("exitOnly: IllegalMonitorStateException");
            }
        }

        // a thread that ends holding a JNI monitor: the JVM never releases it, so nobody
        // touches table afterwards (on 25 they would block forever)
        Table table = new Table();
        Thread worker = new Thread(() -> {
            if (fixed) {
                NativeLib.enterExit(table);
            } else {
                NativeLib.enterOnly(table);
            }
        }, "jni-worker");
        worker.start();
        worker.join(10_000);
        System.out.println("jni-worker ended: " + !worker.isAlive());

        // a native method that lets go of its caller's monitor and takes another one: the thread
        // holds as many JNI monitors after the call as before, but not the same
        Gate gate = new Gate();
        Cursor cursor = new Cursor();
        Thread swapper = new Thread(() -> {
            NativeLock.lock(gate);
            if (fixed) {
                NativeLib.swapBack(gate, cursor);
            } else {
                NativeLib.swap(gate, cursor);
            }
            System.out.println("jni-swapper holds gate: " + Thread.holdsLock(gate) + ", cursor: "
                    + Thread.holdsLock(cursor));
            if (Thread.holdsLock(gate)) {
                NativeLock.unlock(gate);
            }
        }, "jni-swapper");
        swapper.start();
        swapper.join(10_000);
        System.out.println("jni-swapper ended: " + !swapper.isAlive());
    }
}
