package io.gilguard.runtime;

import java.util.concurrent.atomic.AtomicReference;

/** Runs a test's body on a new thread, so that its ledger is made after the locks are defined (a ledger is sized then). */
final class OnThread {
    private OnThread() {}

    /** Runs {@code body} on a new thread named {@code name}, and rethrows what it threw. */
    static void run(String name, Runnable body) throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread t = new Thread(body, name);
        t.setUncaughtExceptionHandler((thread, e) -> failed.set(e));
        t.start();
        t.join();
        if (failed.get() != null) {
            throw new AssertionError("on " + name, failed.get());
        }
    }
}
