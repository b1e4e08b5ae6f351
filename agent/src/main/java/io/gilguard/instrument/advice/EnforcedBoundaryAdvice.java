package io.gilguard.instrument.advice;

import io.gilguard.runtime.Boundaries;
import io.gilguard.runtime.GilguardError;
import io.gilguard.runtime.Ledger;
import net.bytebuddy.asm.Advice;

/**
 * {@link BoundaryAdvice} for a boundary where a policy is enforced ({@code require} or
 * {@code forbid} under {@code enforce}): when the policy is broken, enter answers with the error
 * instead of the ledger, the method is skipped ({@code skipOn}), and exit throws the error in its
 * place. Boundaries without an enforced policy keep the plain advice, which has no such branch.
 */
final class EnforcedBoundaryAdvice {
    private EnforcedBoundaryAdvice() {}

    @Advice.OnMethodEnter(skipOn = GilguardError.class, suppress = Throwable.class)
    static Object enter(@Bind.Boundary int id) {
        return Boundaries.enterEnforced(id);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    @SuppressWarnings("UnusedAssignment")
    static void exit(@Bind.Boundary int id, @Advice.Enter Object entered, @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (entered instanceof Ledger) {
            Boundaries.exit(id, (Ledger) entered);
        } else if (entered instanceof GilguardError) {
            thrown = (GilguardError) entered;
        }
    }
}
