package io.gilguard.instrument.advice;

import io.gilguard.instrument.rewrite.Bytecode;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Around every wrapped {@code native} method and every upcall, as if written
 * <pre>
 *   Ledger ledger = Boundaries.enter(ID);      // enterUpcall for an upcall: no JNI monitor mark to take
 *   try { BODY } finally { Boundaries.exit(ID, ledger); }
 * </pre>
 * The boundary's number is a constant in the code; all the work is in {@code Boundaries}.
 */
class BoundaryAdvice implements Advice {
    static final String LEDGER = "io/gilguard/runtime/Ledger";
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
        Bytecode.pushInt(code, id);
        MethodShape.call(code, "Boundaries", downcall ? "enter" : "enterUpcall", "(I)L" + LEDGER + ";");
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

    /** {@code Boundaries.exit(id, ledger)}, which ignores a null ledger (the agent failed on entry, and said so). */
    static void exit(MethodVisitor code, int id, int ledger) {
        Bytecode.pushInt(code, id);
        code.visitVarInsn(Opcodes.ALOAD, ledger);
        MethodShape.call(code, "Boundaries", "exit", "(IL" + LEDGER + ";)V");
    }
}
