package io.gilguard.instrument.advice;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * An advice whose entry keeps the call's site for its exit, which runs on returns only:
 * <pre>
 *   int site = CallSites.take(OWN);
 * </pre>
 * the Java caller's site that the rewritten call site left, else the method's own.
 */
abstract class SiteKeeping implements Advice {
    private static final Object[] LOCALS = {Opcodes.INTEGER};
    private final int own;

    SiteKeeping(int own) {
        this.own = own;
    }

    @Override
    public final Object[] locals() {
        return LOCALS;
    }

    @Override
    public final void enter(MethodVisitor code, MethodShape method, int[] at) {
        MethodShape.callSite(code, own);
        code.visitVarInsn(Opcodes.ISTORE, at[0]);
    }
}
