package com.example.engine;

/**
 * Counter's broken twin: it takes the GIL and never gives it back. Its count is still right (the
 * lock is reentrant, and one thread makes every call), so a test of the count passes; the next
 * thread that needs the GIL waits for ever, somewhere else, minutes later.
 */
public final class LeakyCounter implements Listener {
    private int events;

    @Override
    public void onEvent(int event) {
        Engine.GIL.lock();
        events++;
    }

    public int events() {
        return events;
    }
}
