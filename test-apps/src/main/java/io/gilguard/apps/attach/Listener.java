package io.gilguard.apps.attach;

/** Called back from native code. */
public interface Listener {
    void onTick();
}
