package io.gilguard.apps.lambda;

/** Counts ticks; its callback is given as a bound method reference, {@code ticks::tick}. */
final class Ticks {
    int count;

    void tick() {
        count++; // @site:bound-referenced
    }
}
