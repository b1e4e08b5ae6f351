package io.gilguard.instrument.advice;

import io.gilguard.runtime.LockHooks;
import net.bytebuddy.asm.Advice;

/**
 * In a {@code synchronized} instance method of a monitor family's class: the JVM entered the
 * object's monitor for the call, so the ledger follows it as a {@code synchronized} block's. The
 * family is known here (the method's class is in it), so nothing is looked up.
 */
final class MonitorAdvice {
    private MonitorAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object self, @Bind.Lock int family, @Bind.Site int site) {
        LockHooks.memberEntered(self, family, site);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Bind.Lock int family) {
        LockHooks.memberExited(self, family);
    }
}
