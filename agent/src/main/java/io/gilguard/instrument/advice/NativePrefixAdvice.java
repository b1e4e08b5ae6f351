package io.gilguard.instrument.advice;

import net.bytebuddy.asm.Advice;

/**
 * Inlined into JNA's {@code NativeLibrary.getFunction(String, int, String)}, where every C name
 * JNA links passes (after the {@code FunctionMapper}). A direct-mapped class
 * ({@code Native.register}) whose native methods gilguard wraps at start-up has them renamed with
 * the native method prefix; JNA looks its C functions up by those names, so the prefix is taken
 * off here, as JNA itself does for a profiler's ({@code jna.profiler.prefix}). Without it
 * {@code Native.register} fails with {@code UnsatisfiedLinkError} on {@code gilguard$name}. A
 * {@code FunctionMapper} that renames by the method's name ({@code "gg_" + name}) still works;
 * one that looks the name up in a table does not find the prefixed one.
 */
final class NativePrefixAdvice {
    private NativePrefixAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    @SuppressWarnings("UnusedAssignment")
    static void enter(@Advice.Argument(value = 0, readOnly = false) String name) {
        int at = name == null ? -1 : name.indexOf(Advising.NATIVE_PREFIX);
        if (at >= 0) {
            // not only at the start: a FunctionMapper may have put its own prefix before it
            name = name.substring(0, at) + name.substring(at + Advising.NATIVE_PREFIX.length());
        }
    }
}
