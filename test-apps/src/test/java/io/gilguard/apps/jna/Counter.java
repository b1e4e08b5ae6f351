package io.gilguard.apps.jna;

/** A callback class: counts its calls without a lock of its own (the GIL is meant to guard it). */
final class Counter implements Listener {
    int count;

    @Override
    public void onEvent(int n) {
        count++; // @site:counter-body
    }
}
