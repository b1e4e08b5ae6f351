package io.gilguard.apps.lambda;

/** A callback given as a method reference. */
final class Handlers {
    private Handlers() {
    }

    static void onEvent() {
        Thread.onSpinWait();
    }

    static Listener reference() {
        return Handlers::onEvent; // @site:method-reference
    }
}
