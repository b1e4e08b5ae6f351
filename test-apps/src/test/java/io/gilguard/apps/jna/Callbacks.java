package io.gilguard.apps.jna;

import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Native;
import java.util.concurrent.TimeUnit;

/**
 * JNA callbacks called from pthreads that JNA attaches for each call (and detaches after: each
 * call's Thread ends with it), named "jna-cb". "count" (the default): a Counter counts 4 x 1000
 * calls without the GIL, and loses updates unless a rule takes the GIL around it. "leak": a
 * lambda takes the GIL and returns holding it; "leak fixed" gives it back. "direct": the Counter
 * again, 2 x 100 calls, passed through a direct-mapped method.
 */
public final class Callbacks {
    static final int THREADS = 4;
    static final int CALLS = 1000;
    private static int events;

    private Callbacks() {
    }

    public static void main(String[] args) throws InterruptedException {
        String mode = args.length > 0 ? args[0] : "count";
        if (mode.equals("leak")) {
            boolean fixed = args.length > 1 && args[1].equals("fixed");
            run(fixed ? releasing() : leaking(), 1, 1);
            // a leaked lock would block lock() forever; tryLock with a timeout says so instead
            if (Engine.GIL.tryLock(1, TimeUnit.SECONDS)) {
                Engine.GIL.unlock();
                System.out.println("gil free");
            } else {
                System.out.println("gil still held");
            }
        } else if (mode.equals("direct")) {
            Counter counter = new Counter();
            Native.setCallbackThreadInitializer(counter, new CallbackThreadInitializer(true, true, "jna-cb"));
            Direct.gg_run_threads(counter, 2, 100);
            System.out.println("direct counter=" + counter.count + " expected=200 gil locked: " + Engine.GIL.isLocked());
        } else {
            Counter counter = new Counter();
            run(counter, THREADS, CALLS);
            System.out.println("counter=" + counter.count + " expected=" + THREADS * CALLS + " gil locked: "
                    + Engine.GIL.isLocked());
        }
    }

    private static void run(Listener listener, int threads, int calls) {
        Native.setCallbackThreadInitializer(listener, new CallbackThreadInitializer(true, true, "jna-cb"));
        CLib.INSTANCE.run_threads(listener, threads, calls);
    }

    static Listener leaking() {
        return n -> {
            events++; // @site:leak-body
            Engine.GIL.lock(); // @site:leak-acquire
            events++;
        };
    }

    static Listener releasing() {
        return n -> {
            Engine.GIL.lock();
            try {
                events++;
            } finally {
                Engine.GIL.unlock();
            }
        };
    }
}
