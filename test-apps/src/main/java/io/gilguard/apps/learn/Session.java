package io.gilguard.apps.learn;

/** Thread-bound state: each Session is used only by the thread that made it. */
final class Session {
    private final long handle = Native.open();
    private long steps;

    long step() {
        return steps += handle;
    }
}
