package io.gilguard.instrument.advice;

import io.gilguard.instrument.rewrite.BoundaryCalls;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Around every wrapped {@code native} method and every upcall, as if written
 * <pre>
 *   Ledger ledger = Boundaries.enter(ID, SHAPE);   // enterUpcall for an upcall: no JNI monitor mark to take
 *   try { BODY } finally { Boundaries.exit(ID, SHAPE, ledger); }   // exitThrown on a throw
 * </pre>
 * The boundary's number and shape are constants in the code ({@link BoundaryCalls}); all the
 * work is in {@code Boundaries}.
 */
class BoundaryAdvice implements Advice {
    static final String LEDGER = BoundaryCalls.LEDGER;
    private static final Object[] LOCALS = {LEDGER};

    final int id;
    private final boolean downcall;

    BoundaryAdvice(int id, boolean downcall) {
        this.id = id;
        this.downcall = downcall;
    }

    @Override
    public Object[] locals() {
        return LOCALS;
    }

    @Override
    public void enter(MethodVisitor code, MethodShape method, int[] at) {
        BoundaryCalls.enter(code, id, downcall);
        code.visitVarInsn(Opcodes.ASTORE, at[0]);
    }

    @Override
    public final void exit(MethodVisitor code, MethodShape method, int[] at) {
        exit(code, id, at[0]);
    }

    @Override
    public boolean exitsOnThrow() {
        return true;
    }

    @Override
    public void exitThrown(MethodVisitor code, MethodShape method, int[] at) {
        BoundaryCalls.exitThrown(code, id, at[0]);
    }

    static void exit(MethodVisitor code, int id, int ledger) {
        BoundaryCalls.exit(code, id, ledger);
    }
}
