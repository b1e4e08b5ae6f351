package io.gilguard.apps.interp;

/**
 * An agent that runs before gilguard and loads the Interpreter class (without initializing it),
 * as another agent or an attach would find it: already loaded, too late for gilguard to give it
 * an owner field.
 */
public final class Preload {
    private Preload() {
    }

    public static void premain(String args) throws ClassNotFoundException {
        Class.forName("io.gilguard.apps.interp.Interpreter", false, Preload.class.getClassLoader());
    }
}
