package io.gilguard.apps.mainloop;

/** A signal handler, called from native code. */
public interface Listener {
    void onSignal();
}
