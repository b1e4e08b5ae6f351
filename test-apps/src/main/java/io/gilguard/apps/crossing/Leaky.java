package io.gilguard.apps.crossing;

/** A flush callback that takes the GIL and returns still holding it. */
public final class Leaky extends AbstractEventListener {
    @Override
    public void onFlushCompleted() {
        Engine.GIL.lock(); // @site:leak-acquire
        // ... and no unlock
    }
}
