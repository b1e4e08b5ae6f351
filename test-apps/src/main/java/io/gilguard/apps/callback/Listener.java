package io.gilguard.apps.callback;

/** Called back from native threads. */
public interface Listener {
    void onEvent();
}
