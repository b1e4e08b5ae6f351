package io.gilguard.instrument.advice;

import org.objectweb.asm.Type;

/** The advice a seam puts on a method, with its numbers bound. */
public final class Advices {
    private Advices() {}

    /**
     * Around a boundary method: the plain advice, the upcall's (no JNI monitor mark), or the one
     * that throws where a policy is {@code enforced}.
     */
    public static Advice boundary(int id, boolean downcall, boolean enforced) {
        return enforced ? new EnforcedBoundaryAdvice(id) : new BoundaryAdvice(id, downcall);
    }

    /** In a pair lock's acquire ({@code acquire}) or release method. */
    public static Advice pair(boolean acquire, int lock, int site) {
        return acquire ? new PairAdvice.Acquire(lock, site) : new PairAdvice.Release(lock, site);
    }

    /** In a {@code synchronized} instance method of a class in monitor family {@code family}. */
    public static Advice monitor(int family, int site) {
        return new MonitorAdvice(family, site);
    }

    /** In a token's save method, which returns the token; null when it returns no token (a reference or an integral number). */
    public static Advice save(Type returned, int rule, int site) {
        return token(returned) ? new TokenAdvice.Save(rule, site) : null;
    }

    /** In a token's restore method, whose first parameter is the token; null when it is none. */
    public static Advice restore(Type first, int rule, int site) {
        return first != null && token(first) ? new TokenAdvice.Restore(rule, site) : null;
    }

    /** In JNA's {@code Function.invoke}: the boundary of the C symbol called. */
    public static Advice jnaFunction() {
        return new JnaFunctionAdvice();
    }

    /** In JNA's {@code NativeLibrary.getFunction(String, Method)}: the wrapper and its name, not the renamed native. */
    public static Advice unprefixedMethod() {
        return new NativePrefixAdvice.Method();
    }

    /** In JNA's {@code NativeLibrary.getFunction(String, int, String)}: the C name without the prefix. */
    public static Advice unprefixed() {
        return new NativePrefixAdvice.Name();
    }

    private static boolean token(Type t) {
        switch (t.getSort()) {
            case Type.OBJECT: case Type.ARRAY: case Type.LONG: case Type.INT: case Type.SHORT: case Type.CHAR: case Type.BYTE:
                return true;
            default:
                return false;
        }
    }
}
