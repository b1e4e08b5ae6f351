package io.gilguard.instrument.advice;

import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into JNA's {@code NativeLibrary.getFunction(String, Method)}, which
 * {@code Native.register} calls for each native method of a direct-mapped class, and which hands
 * the {@code Method} to the library's {@code FunctionMapper}. A native method gilguard wrapped at
 * start-up is named {@code gilguard$name}; its wrapper, under the original name, has the same
 * parameters, annotations and exceptions. The mapper is given the wrapper instead, so that one
 * that looks the name up in a table finds it; the name is unprefixed too (see
 * {@link NativePrefixAdvice} for names that reach JNA another way). Runs once per method, as the
 * class registers: reflection is fine here.
 */
final class PrefixedMethodAdvice {
    private PrefixedMethodAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    @SuppressWarnings("UnusedAssignment")
    static void enter(@Advice.Argument(value = 0, readOnly = false) String name,
                      @Advice.Argument(value = 1, readOnly = false) Method method) {
        if (method != null && method.getName().startsWith(Advising.NATIVE_PREFIX)) {
            String original = method.getName().substring(Advising.NATIVE_PREFIX.length());
            try {
                method = method.getDeclaringClass().getDeclaredMethod(original, method.getParameterTypes());
            } catch (NoSuchMethodException keep) {
                // not a wrapper of gilguard's: the name alone is unprefixed
            }
            if (name != null && name.startsWith(Advising.NATIVE_PREFIX)) {
                name = original;
            }
        }
    }
}
