package io.gilguard.apps.mainloop;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts the signals it gets, and how many arrived with the GIL held. */
final class Handler implements Listener {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger held = new AtomicInteger();

    @Override
    public void onSignal() {
        calls.incrementAndGet(); // @site:mainloop-upcall
        if (Engine.GIL.isHeldByCurrentThread()) {
            held.incrementAndGet();
        }
    }
}
