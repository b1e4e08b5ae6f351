package io.gilguard.apps.crossing;

/** The fixed twin of {@link Leaky}: the GIL is given back in {@code finally}. */
public final class Releasing extends AbstractEventListener {
    int flushes;

    @Override
    public void onFlushCompleted() {
        Engine.GIL.lock();
        try {
            flushes++;
        } finally {
            Engine.GIL.unlock();
        }
    }
}
