package io.gilguard.apps.leak;

/** Called back from a native thread. */
public interface Listener {
    void onEvent();
}
