package io.gilguard.instrument.advice;

import io.gilguard.runtime.GilguardError;
import io.gilguard.runtime.JnaFunctions;
import io.gilguard.runtime.Ledger;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into JNA's {@code com.sun.jna.Function.invoke(Object[], Class, boolean, int)}, around
 * the native call: the boundary of the C symbol the function links ({@code functionName}, after
 * the {@code FunctionMapper}), found per name by {@link JnaFunctions}. Nothing here names a JNA
 * type: gilguard does not depend on JNA, and a JNA type in the advice's signature would make
 * ByteBuddy load it a second time (a {@code LinkageError}, duplicate class definition). As
 * {@link EnforcedBoundaryAdvice}, a refused call throws the error instead of running; a boundary
 * without an enforced policy takes the plain entry ({@link JnaFunctions#code}).
 */
final class JnaFunctionAdvice {
    private JnaFunctionAdvice() {}

    @Advice.OnMethodEnter(skipOn = GilguardError.class, suppress = Throwable.class)
    static Object enter(@Advice.This Object function, @Advice.FieldValue("functionName") String name,
                        @Advice.Local("boundary") int boundary) {
        boundary = JnaFunctions.boundary(name, function);
        return JnaFunctions.enter(boundary);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    @SuppressWarnings("UnusedAssignment")
    static void exit(@Advice.Local("boundary") int boundary, @Advice.Enter Object entered,
                     @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (entered instanceof Ledger) {
            JnaFunctions.exit(boundary, (Ledger) entered);
        } else if (entered instanceof GilguardError) {
            thrown = (GilguardError) entered;
        }
    }
}
