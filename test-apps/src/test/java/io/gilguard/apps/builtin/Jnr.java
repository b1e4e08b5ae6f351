package io.gilguard.apps.builtin;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A jnr-ffi application checked with the built-in jnr-ffi rule set. Its own lock, Jnr.STORE, guards what
 * the callbacks update. "correct" (the default): calls C through jnr-ffi (gg_sum through a
 * compiled stub, strlen with a String through jffi's Foreign.invoke*) and lets C call a listener
 * back from two pthreads (jffi attaches them), each taking and giving back STORE. "leak": the listener returns
 * holding STORE after the batch's last event (the mistake: an early return before the unlock),
 * so the next caller cannot take it; "leak fixed": the unlock is in a finally.
 */
public final class Jnr {
    public static final ReentrantLock STORE = new ReentrantLock();
    static final int CALLS = 10;
    private static int events;

    private Jnr() {
    }

    public static void main(String[] args) throws InterruptedException {
        String mode = args.length > 0 ? args[0] : "correct";
        boolean fixed = args.length > 1 && args[1].equals("fixed");
        JnrEvents.Listener listener = mode.equals("leak") && !fixed ? Jnr::leaking : Jnr::counting;
        System.out.println("sum=" + JnrEvents.C.gg_sum(2, 3) + " strlen=" + JnrEvents.LIBC.strlen("four"));
        JnrEvents.C.gg_run_threads(listener, mode.equals("leak") ? 1 : 2, CALLS);
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
