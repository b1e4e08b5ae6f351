package io.gilguard.apps.leak;

/** The fixed twin: the GIL is released in finally, whatever happens. */
final class SafeListener implements Listener {
    int events;

    @Override
    public void onEvent() {
        events++;
        Engine.GIL.lock();
        try {
            events++;
        } finally {
            Engine.GIL.unlock();
        }
    }
}
