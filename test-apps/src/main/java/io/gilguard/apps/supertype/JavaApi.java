package io.gilguard.apps.supertype;

/** Implements {@link Api} in Java. */
final class JavaApi implements Api {
    @Override
    public int compute(int x) {
        return x * 2;
    }
}
