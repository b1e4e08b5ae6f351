package io.gilguard.apps.supertype;

/** Abstract methods: whether a call of one is a native call depends on the receiver's class. */
abstract class Stepper {
    /** x + 1. */
    abstract int step(int x);

    /** x * factor, rounded towards zero. */
    abstract long scale(long x, double factor);
}
