package io.gilguard.instrument.advice;

import io.gilguard.runtime.Boundaries;
import io.gilguard.runtime.Ledger;
import net.bytebuddy.asm.Advice;

/**
 * {@link BoundaryAdvice} for an upcall: the same work, entered through
 * {@link Boundaries#enterUpcall}, which has no JNI monitor mark to take.
 */
final class UpcallAdvice {
    private UpcallAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Ledger enter(@Bind.Boundary int id) {
        return Boundaries.enterUpcall(id);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Bind.Boundary int id, @Advice.Enter Ledger ledger) {
        Boundaries.exit(id, ledger);
    }
}
