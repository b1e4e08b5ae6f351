package io.gilguard.apps.builtin;

import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Native;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JNA application checked with the built-in jna rule set. Its own lock, Jna.STORE, guards what
 * the callbacks update. "correct" (the default): calls C through JNA and lets C call a listener
 * back from two pthreads, each taking and giving back STORE. "leak": the listener returns
 * holding STORE after the batch's last event (the mistake: an early return before the unlock),
 * so the next caller cannot take it; "leak fixed": the unlock is in a finally. "synchronized":
 * first a 300 ms call through Native.synchronizedLibrary (holding the NativeLibrary's monitor)
 * and one without it, then as "correct".
 */
public final class Jna {
    public static final ReentrantLock STORE = new ReentrantLock();
    static final int CALLS = 10;
    private static int events;

    private Jna() {
    }

    public static void main(String[] args) throws InterruptedException {
        String mode = args.length > 0 ? args[0] : "correct";
        boolean fixed = args.length > 1 && args[1].equals("fixed");
        JnaEvents.Listener listener = mode.equals("leak") && !fixed ? Jna::leaking : Jna::counting;
        if (mode.equals("synchronized")) {
            JnaEvents.SYNCHRONIZED.gg_sleep(300);
            JnaEvents.C.gg_sleep(300);
            System.out.println("slept");
        }
        Native.setCallbackThreadInitializer(listener, new CallbackThreadInitializer(true, true, "jna-cb"));
        System.out.println("sum=" + JnaEvents.C.gg_sum(2, 3));
        JnaEvents.C.gg_run_threads(listener, mode.equals("leak") ? 1 : 2, CALLS);
        // a leaked lock would block lock() forever; tryLock with a timeout says so instead
        if (STORE.tryLock(1, TimeUnit.SECONDS)) {
            try {
                System.out.println("events=" + events + " store free");
            } finally {
                STORE.unlock();
            }
        } else {
            System.out.println("store still held");
        }
    }

    static void counting(int n) {
        STORE.lock();
        try {
            events++;
        } finally {
            STORE.unlock();
        }
    }

    static void leaking(int n) {
        STORE.lock(); // @site:leak-acquire
        events++;
        if (n == CALLS - 1) {
            return; // the mistake: the batch's last event returns before the unlock
        }
        STORE.unlock();
    }
}
