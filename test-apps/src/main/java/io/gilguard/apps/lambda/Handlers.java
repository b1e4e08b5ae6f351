package io.gilguard.apps.lambda;

/** A callback given as a method reference. */
final class Handlers {
    private Handlers() {
    }

    static void onEvent() {
        Thread.onSpinWait(); // @site:referenced
    }

    static Listener reference() {
        return Handlers::onEvent; // @site:method-reference
    }

    /** A method reference bound to its receiver, the usual shape of an object's own callback. */
    static Listener bound(Ticks ticks) {
        return ticks::tick;
    }
}
