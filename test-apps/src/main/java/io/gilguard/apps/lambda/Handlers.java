package io.gilguard.apps.lambda;

/** A callback given as a method reference. */
final class Handlers {
    private Handlers() {
    }

    static void onEvent() {
        Thread.onSpinWait(); // @site:referenced
    }

    /** A serializable lambda: left alone (its body's name is part of its serialized form), and said so. */
    static Listener serializable() {
        return (Listener & java.io.Serializable) () -> Thread.onSpinWait(); // @site:serializable
    }

    static Listener reference() {
        return Handlers::onEvent; // @site:method-reference
    }

    /** A method reference bound to its receiver, the usual shape of an object's own callback. */
    static Listener bound(Ticks ticks) {
        return ticks::tick;
    }
}
