package io.gilguard.instrument.advice;

import io.gilguard.instrument.rewrite.Bytecode;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@link BoundaryAdvice} for a boundary where a policy is enforced ({@code require} or
 * {@code forbid} under {@code enforce}):
 * <pre>
 *   Object entered = Boundaries.enterEnforced(ID);   // the ledger, or the error when a policy is broken
 *   Enforce.refuse(entered);                         // throws the error: the method does not run
 *   Ledger ledger = (Ledger) entered;
 *   try { BODY } finally { Boundaries.exit(ID, SHAPE, ledger); }
 * </pre>
 * Boundaries without an enforced policy keep the plain advice; the locals and the exit are its.
 */
final class EnforcedBoundaryAdvice extends BoundaryAdvice {
    EnforcedBoundaryAdvice(int id) {
        super(id, true);
    }

    @Override
    public void enter(MethodVisitor code, MethodShape method, int[] at) {
        Bytecode.pushInt(code, id);
        MethodShape.call(code, "Boundaries", "enterEnforced", "(I)Ljava/lang/Object;");
        refuseOrKeep(code, at[0]);
    }

    /** With an entry's answer on the stack: thrown if it is the error, else kept as the ledger in {@code slot}. */
    static void refuseOrKeep(MethodVisitor code, int slot) {
        code.visitInsn(Opcodes.DUP);
        MethodShape.call(code, "Enforce", "refuse", "(Ljava/lang/Object;)V");
        code.visitTypeInsn(Opcodes.CHECKCAST, BoundaryAdvice.LEDGER);
        code.visitVarInsn(Opcodes.ASTORE, slot);
    }
}
