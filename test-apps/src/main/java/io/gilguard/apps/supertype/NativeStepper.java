package io.gilguard.apps.supertype;

/** Implements {@link Stepper} with native methods. */
final class NativeStepper extends Stepper {
    static {
        System.loadLibrary("supertype");
    }

    @Override
    native int step(int x);

    @Override
    native long scale(long x, double factor);
}
