package io.gilguard.instrument.advice;

import net.bytebuddy.asm.Advice;

/** The advice the JNA seams put into JNA's own classes (see {@link JnaFunctionAdvice}, {@link PrefixedMethodAdvice}, {@link NativePrefixAdvice}). */
public final class JnaAdvices {
    private JnaAdvices() {}

    /** Around {@code Function.invoke(Object[], Class, boolean, int)}. */
    public static Advice function() {
        return Advice.to(JnaFunctionAdvice.class);
    }

    /** At the start of {@code NativeLibrary.getFunction(String, Method)}. */
    public static Advice unprefixedMethod() {
        return Advice.to(PrefixedMethodAdvice.class);
    }

    /** At the start of {@code NativeLibrary.getFunction(String, int, String)}. */
    public static Advice unprefixed() {
        return Advice.to(NativePrefixAdvice.class);
    }
}
