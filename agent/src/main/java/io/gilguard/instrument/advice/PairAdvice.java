package io.gilguard.instrument.advice;

import io.gilguard.runtime.CallSites;
import io.gilguard.runtime.GilguardError;
import io.gilguard.runtime.LockHooks;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the two methods of a method-pair lock, so that every call is seen: from Java, from
 * a method reference, from native code through JNI. The acquisition site is the Java call site
 * when there is one (the rewritten call site leaves it on the ledger), else the method itself.
 * A release the rules enforce is refused before the method runs: see {@link TokenAdvice} for
 * how the error gets out of suppressed advice.
 */
final class PairAdvice {
    private PairAdvice() {}

    static final class Acquire {
        private Acquire() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static int enter(@Bind.Site int site) {
            return CallSites.take(site);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Bind.Lock int lock, @Advice.Enter int site, @Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                LockHooks.pairAcquired(lock, site);
            }
        }
    }

    static final class Release {
        private Release() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static GilguardError enter(@Bind.Lock int lock, @Bind.Site int site) {
            return LockHooks.pairReleasing(lock, CallSites.take(site), site);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        @SuppressWarnings("UnusedAssignment")
        static void exit(@Advice.Enter GilguardError refused, @Advice.Thrown(readOnly = false) Throwable thrown) {
            if (refused != null) {
                thrown = refused;
            }
        }
    }
}
