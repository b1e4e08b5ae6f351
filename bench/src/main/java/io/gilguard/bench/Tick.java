package io.gilguard.bench;

/** A callback interface implemented by a lambda: {@code upcall io.gilguard.bench.Tick#apply acquire gil}. */
@FunctionalInterface
public interface Tick {
    int apply(int delta);
}
