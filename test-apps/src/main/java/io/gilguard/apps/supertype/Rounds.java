package io.gilguard.apps.supertype;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One round of the loop. Each call through a supertype is a method of its own, called with a
 * native and a Java receiver in turn: only the native one is a native call. Each result is
 * checked, so that a wrong rewrite of a call shows as a wrong result, not only as a VerifyError.
 */
final class Rounds {
    private static final Stepper NATIVE_STEPPER = new NativeStepper();
    private static final Stepper JAVA_STEPPER = new JavaStepper();
    private static final Api NATIVE_API = new NativeApi();
    private static final Api JAVA_API = new JavaApi();
    private static final Api LAMBDA_API = x -> x * 2;
    private static final Codec JAVA_CODEC = new JavaCodec();
    /** Wrong results the application itself noticed. */
    private static final AtomicInteger ERRORS = new AtomicInteger();

    private Rounds() {
    }

    static void once(boolean fixed) {
        if (fixed) {
            natives();
        } else {
            nativesHoldingTheGil();
        }
        javaHoldingTheGil();
    }

    /** The native implementations, through their supertypes, holding the GIL: forbidden. */
    static void nativesHoldingTheGil() {
        Engine.GIL.lock(); // @site:held
        try {
            natives();
        } finally {
            Engine.GIL.unlock();
        }
    }

    static void natives() {
        check("NativeStepper.step", stepThrough(NATIVE_STEPPER, 1), 2);
        check("NativeStepper.scale", scaleThrough(NATIVE_STEPPER, 6), 3);
        check("NativeApi.compute", computeThrough(NATIVE_API, 4), 8);
    }

    /** Java implementations, through the same calls, holding the GIL: no native call, nothing to report. */
    static void javaHoldingTheGil() {
        Engine.GIL.lock(); // @site:java-held
        try {
            check("JavaStepper.step", stepThrough(JAVA_STEPPER, 1), 2);
            check("JavaStepper.scale", scaleThrough(JAVA_STEPPER, 6), 3);
            check("JavaApi.compute", computeThrough(JAVA_API, 4), 8);
            check("a lambda's compute", computeThrough(LAMBDA_API, 4), 8);
            check("JavaCodec.encode", encodeThrough(JAVA_CODEC, 5), 12);
        } finally {
            Engine.GIL.unlock();
        }
    }

    /** invokevirtual Stepper.step: an abstract method. */
    static int stepThrough(Stepper stepper, int x) {
        return stepper.step(x);
    }

    /** invokevirtual Stepper.scale, with a long below the receiver, and a long and a double as arguments. */
    static long scaleThrough(Stepper stepper, long x) {
        long big = 1L << 40;
        return big + stepper.scale(x, 0.5) - big;
    }

    /** invokeinterface Api.compute. */
    static int computeThrough(Api api, int x) {
        return api.compute(x);
    }

    /** invokeinterface Codec.encode: no class loaded before {@link Late} implements it natively. */
    static int encodeThrough(Codec codec, int x) {
        return codec.encode(x);
    }

    static void check(String what, long got, long expected) {
        if (got != expected) {
            ERRORS.incrementAndGet();
            System.out.println("supertype-app: " + what + " gave " + got + ", expected " + expected);
        }
    }

    static int errors() {
        return ERRORS.get();
    }
}
