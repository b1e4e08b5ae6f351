package io.gilguard.instrument.advice;

import io.gilguard.runtime.Boundaries;
import io.gilguard.runtime.Ledger;
import net.bytebuddy.asm.Advice;

/**
 * Inlined around every wrapped {@code native} method (and {@link UpcallAdvice} around every upcall). The
 * boundary's number is a constant in the inlined code; all the work is in {@link Boundaries}.
 */
final class BoundaryAdvice {
    private BoundaryAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Ledger enter(@Bind.Boundary int id) {
        return Boundaries.enter(id);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Bind.Boundary int id, @Advice.Enter Ledger ledger) {
        Boundaries.exit(id, ledger);
    }
}
