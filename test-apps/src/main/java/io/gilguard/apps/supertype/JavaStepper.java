package io.gilguard.apps.supertype;

/** Implements {@link Stepper} in Java: a call of it is no native call, whatever lock it holds. */
final class JavaStepper extends Stepper {
    @Override
    int step(int x) {
        return x + 1;
    }

    @Override
    long scale(long x, double factor) {
        return (long) (x * factor);
    }
}
