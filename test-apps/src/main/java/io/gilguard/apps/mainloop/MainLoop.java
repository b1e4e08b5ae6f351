package io.gilguard.apps.mainloop;

/** A GLib-like signal source. */
final class MainLoop {
    static {
        System.loadLibrary("mainloop");
    }

    private MainLoop() {
    }

    /** Emits one signal synchronously, on the calling thread. */
    static native void emitNow(Listener listener);

    /** Runs a main loop on native thread glib-main that emits n signals; returns when it ends. */
    static native void runLoop(Listener listener, int n);
}
