package io.gilguard.apps.detach;

/** The fixed twin: the GIL is released in finally, whatever happens. */
final class SafeListener implements Listener {
    private final Callbacks callbacks = new Callbacks();

    @Override
    public void onEvent() {
        Engine.GIL.lock();
        try {
            callbacks.record();
        } finally {
            Engine.GIL.unlock();
        }
    }

    @Override
    public void onCall(int call, int calls) {
        Engine.GIL.lock();
        try {
            callbacks.record();
        } finally {
            Engine.GIL.unlock();
        }
    }

    @Override
    public String seen() {
        return callbacks.toString();
    }
}
