package io.gilguard.apps.family;

/** A callback that works on one engine under the engine's own lock; "leaking" forgets to give it back. */
final class Worker implements Callback {
    private final Engine engine;
    private final boolean leaking;
    int events;

    Worker(Engine engine, boolean leaking) {
        this.engine = engine;
        this.leaking = leaking;
    }

    @Override
    public void onEvent() {
        engine.lock.lock(); // @site:engine-acquire
        events++;
        if (!leaking) {
            engine.lock.unlock();
        }
    }
}
