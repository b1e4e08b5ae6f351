package io.gilguard.apps.monitorwait;

/** The lock of the {@code block} modes: a plain object, used with {@code synchronized}. */
public final class Engine {
    public static final Object LOCK = new Object();

    private Engine() {
    }
}
