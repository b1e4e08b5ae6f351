package io.gilguard.apps.attach;

import java.util.function.IntSupplier;

/**
 * Calls of a native method in the places where putting a boundary around the call site must
 * keep the bytecode valid: a stack map frame right after the call, an object not yet
 * constructed on the stack, a long below the arguments and long or double locals, a monitor
 * held, a lambda body, a try/finally. Each returns what the call returned, so that a wrong
 * rewrite shows as a wrong sum, not only as a VerifyError.
 */
final class Shapes {
    /** What {@link #all} returns, whatever the round. */
    static final int EXPECTED = 2 + 4 + 5 + 6 + 7 + 8;

    private final int value;

    private Shapes(int value) {
        this.value = value;
    }

    static int all(int round) {
        return inExpression(round) + inConstructorArgument() + belowLongAndDouble() + inSynchronized() + inLambda()
                + inTryFinally();
    }

    /** The frame where the two branches join stands right after the call. */
    static int inExpression(int round) {
        return round % 2 == 0 ? NativeLib.poll(1) : 2;
    }

    static int inConstructorArgument() {
        return new Shapes(NativeLib.poll(3)).value;
    }

    static int belowLongAndDouble() {
        long big = 1L << 40;
        double half = 0.5;
        long sum = big + NativeLib.poll(4);
        return (int) (sum - big) + (int) half;
    }

    static int inSynchronized() {
        synchronized (Shapes.class) {
            return NativeLib.poll(5);
        }
    }

    static int inLambda() {
        IntSupplier call = () -> NativeLib.poll(6);
        return call.getAsInt();
    }

    static int inTryFinally() {
        int tries = 0;
        try {
            return NativeLib.poll(7);
        } finally {
            tries++;
        }
    }
}
