package com.example.engine;

/** A callback the engine makes from its native thread. */
public interface Listener {
    void onEvent(int event);
}
