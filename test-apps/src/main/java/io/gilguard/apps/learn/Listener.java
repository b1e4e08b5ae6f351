package io.gilguard.apps.learn;

/** Called from a native thread. */
public interface Listener {
    void onEvent();
}
