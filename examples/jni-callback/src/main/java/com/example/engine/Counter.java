package com.example.engine;

/** Counts events under the GIL and gives it back, also when the count throws. */
public final class Counter implements Listener {
    private int events;

    @Override
    public void onEvent(int event) {
        Engine.GIL.lock();
        try {
            events++;
        } finally {
            Engine.GIL.unlock();
        }
    }

    public int events() {
        return events;
    }
}
