package io.gilguard.apps.learn;

/** State handed between threads: not thread-bound. */
final class Shared {
    private final long handle = Native.open();
    private long uses;

    long use() {
        return uses += handle;
    }
}
