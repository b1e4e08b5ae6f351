package io.gilguard.instrument.advice;

import io.gilguard.runtime.LockHooks;
import net.bytebuddy.asm.Advice;

/**
 * In a {@code synchronized} instance method of a monitor family's class: the JVM entered the
 * object's monitor for the call, so the ledger follows it as a {@code synchronized} block's.
 */
final class MonitorAdvice {
    private MonitorAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object self, @Bind.Site int site) {
        LockHooks.acquired(self, site);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Bind.Site int site) {
        LockHooks.monitorExited(self, site);
    }
}
