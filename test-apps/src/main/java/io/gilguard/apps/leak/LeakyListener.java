package io.gilguard.apps.leak;

/** Takes the GIL and returns without giving it back (an Ensure without its Release). */
final class LeakyListener implements Listener {
    int events;

    @Override
    public void onEvent() {
        events++; // @site:leak-upcall
        Engine.GIL.lock(); // @site:leak-acquire
        events++;
    }
}
