package io.gilguard.apps.family;

/** A busy handler that waits a little, as sqlite's does, while the caller holds the connection's monitor. */
final class Sleeper implements BusyHandler {
    int calls;

    @Override
    public void onBusy() {
        calls++; // @site:busy
        try {
            Thread.sleep(Main.BUSY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
