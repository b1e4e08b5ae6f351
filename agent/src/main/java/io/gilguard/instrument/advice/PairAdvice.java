package io.gilguard.instrument.advice;

import io.gilguard.instrument.rewrite.Bytecode;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * In the two methods of a method-pair lock, so that every call is seen: from Java, from a method
 * reference, from native code through JNI. The acquisition site is the Java call site when there
 * is one (the rewritten call site leaves it on the ledger, {@code CallSites}), else the method
 * itself.
 */
final class PairAdvice {
    private PairAdvice() {}

    /**
     * <pre>
     *   int site = CallSites.take(OWN);
     *   BODY, and before each return: LockHooks.pairAcquired(LOCK, site);   (nothing when it throws)
     * </pre>
     */
    static final class Acquire extends SiteKeeping {
        private final int lock;

        Acquire(int lock, int own) {
            super(own);
            this.lock = lock;
        }

        @Override
        public void exit(MethodVisitor code, MethodShape method, int[] at) {
            Bytecode.pushInt(code, lock);
            code.visitVarInsn(Opcodes.ILOAD, at[0]);
            MethodShape.call(code, "LockHooks", "pairAcquired", "(II)V");
        }
    }

    /**
     * A release the rules enforce is refused before the method runs:
     * <pre>
     *   Enforce.refuse(LockHooks.pairReleasing(LOCK, CallSites.take(OWN), OWN));
     *   BODY
     * </pre>
     */
    static final class Release implements Advice {
        private final int lock;
        private final int own;

        Release(int lock, int own) {
            this.lock = lock;
            this.own = own;
        }

        @Override
        public void enter(MethodVisitor code, MethodShape method, int[] at) {
            Bytecode.pushInt(code, lock);
            MethodShape.callSite(code, own);
            Bytecode.pushInt(code, own);
            MethodShape.call(code, "LockHooks", "pairReleasing", "(III)Lio/gilguard/runtime/GilguardError;");
            MethodShape.call(code, "Enforce", "refuse", "(Ljava/lang/Object;)V");
        }
    }
}
