package io.gilguard.apps.attach;

/** Counts ticks in the engine's state: the GIL must be held. */
final class Ticks implements Listener {
    int ticks;

    @Override
    public void onTick() {
        ticks++; // @site:attach-tick
    }
}
