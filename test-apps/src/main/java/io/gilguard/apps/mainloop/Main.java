package io.gilguard.apps.mainloop;

/**
 * The PyGTK problem: a handler runs sometimes synchronously, on a thread that holds the GIL,
 * and sometimes from a main loop on another thread that does not. Broken rules ("require
 * gil" only): REQUIRED_NOT_HELD for the main-loop signals. Fixed rules ("release gil" around
 * runLoop, "acquire gil" around onSignal): every signal runs with the GIL, no deadlock.
 */
public final class Main {
    static final int LOOP_SIGNALS = 5;

    public static void main(String[] args) {
        Handler handler = new Handler();
        Engine.GIL.lock(); // @site:mainloop-acquire
        try {
            MainLoop.emitNow(handler); // like GtkButton.clicked(): the handler runs here, GIL held
            MainLoop.runLoop(handler, LOOP_SIGNALS); // like gtk.main(): handlers run on glib-main
        } finally {
            Engine.GIL.unlock();
        }
        System.out.println("held=" + handler.held.get() + " of " + handler.calls.get());
    }
}
