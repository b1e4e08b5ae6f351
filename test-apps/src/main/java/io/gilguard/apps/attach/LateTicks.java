package io.gilguard.apps.attach;

/** A listener class loaded after the attach: its callback must get the advice as it loads. */
final class LateTicks implements Listener {
    int ticks;

    @Override
    public void onTick() {
        ticks++; // @site:late-tick
    }
}
