package io.gilguard.instrument.advice;

import io.gilguard.runtime.CallSites;
import io.gilguard.runtime.GilguardError;
import io.gilguard.runtime.Tokens;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the save and restore methods of a {@code token} rule (or wrapped around them, for
 * {@code native} ones). The call's site is the Java call site when there is one (the rewritten
 * call site leaves it), else the method itself. A token is a reference or a number: each has its
 * own advice, so that a number is never boxed.
 *
 * <p>The restore check runs before the method. Under {@code enforce} it answers with the error to
 * throw: the method is then skipped ({@code skipOn}) and the exit advice throws the error in its
 * place (an assigned {@code @Thrown} is rethrown by the method). The advice itself stays
 * {@code suppress}ed, so that the agent's own failures never reach the application.
 */
final class TokenAdvice {
    private TokenAdvice() {}

    static final class SaveRef {
        private SaveRef() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static int enter(@Bind.Site int own) {
            return CallSites.take(own);
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Bind.Token int rule, @Advice.Enter int site, @Advice.Return Object token) {
            Tokens.saved(token, rule, site);
        }
    }

    static final class SaveValue {
        private SaveValue() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static int enter(@Bind.Site int own) {
            return CallSites.take(own);
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Bind.Token int rule, @Advice.Enter int site, @Advice.Return long token) {
            Tokens.saved(token, rule, site);
        }
    }

    static final class RestoreRef {
        private RestoreRef() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static GilguardError enter(@Bind.Token int rule, @Bind.Site int own, @Advice.Argument(0) Object token) {
            return Tokens.restoring(token, rule, CallSites.take(own), own);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        @SuppressWarnings("UnusedAssignment")
        static void exit(@Advice.Enter GilguardError refused, @Advice.Thrown(readOnly = false) Throwable thrown) {
            if (refused != null) {
                thrown = refused;
            }
        }
    }

    static final class RestoreValue {
        private RestoreValue() {}

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static GilguardError enter(@Bind.Token int rule, @Bind.Site int own, @Advice.Argument(0) long token) {
            return Tokens.restoring(token, rule, CallSites.take(own), own);
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
