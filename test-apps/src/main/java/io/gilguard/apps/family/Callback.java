package io.gilguard.apps.family;

/** Called back from native threads. */
public interface Callback {
    void onEvent();
}
