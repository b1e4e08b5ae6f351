package io.gilguard.apps.detach;

/** Takes the GIL and returns without giving it back; the native thread then detaches. */
final class LeakyListener implements Listener {
    private final Callbacks callbacks = new Callbacks();

    @Override
    public void onEvent() {
        Engine.GIL.lock(); // @site:detach-acquire
        callbacks.record();
    }

    /** Pairs lock and unlock, except on the last call, which leaks (a later call would block forever). */
    @Override
    public void onCall(int call, int calls) {
        Engine.GIL.lock(); // @site:detach-per-call-acquire
        callbacks.record();
        if (call < calls - 1) {
            Engine.GIL.unlock();
        }
    }

    @Override
    public String seen() {
        return callbacks.toString();
    }
}
