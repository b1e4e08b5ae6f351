package io.gilguard.apps.jna;

import com.sun.jna.Callback;

/** A JNA callback: C calls it through a function pointer, from a thread JNA attaches for the call. */
public interface Listener extends Callback {
    void onEvent(int n);
}
