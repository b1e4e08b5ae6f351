package io.gilguard.instrument.advice;

import io.gilguard.instrument.rewrite.Bytecode;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * In a {@code synchronized} instance method of a monitor family's class: the JVM entered the
 * object's monitor for the call, so the ledger follows it as a {@code synchronized} block's. The
 * family is known here (the method's class is in it), so nothing is looked up.
 * <pre>
 *   Object self = this;
 *   LockHooks.memberEntered(self, FAMILY, SITE);
 *   try { BODY } finally { LockHooks.memberExited(self, FAMILY); }
 * </pre>
 * The receiver is kept in a local of the advice's own: the method's slot 0 is not the advice's
 * to count on in a handler.
 */
final class MonitorAdvice implements Advice {
    private static final Object[] LOCALS = {"java/lang/Object"};
    private final int family;
    private final int site;

    MonitorAdvice(int family, int site) {
        this.family = family;
        this.site = site;
    }

    @Override
    public Object[] locals() {
        return LOCALS;
    }

    @Override
    public void enter(MethodVisitor code, MethodShape method, int[] at) {
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitInsn(Opcodes.DUP);
        code.visitVarInsn(Opcodes.ASTORE, at[0]);
        Bytecode.pushInt(code, family);
        Bytecode.pushInt(code, site);
        MethodShape.call(code, "LockHooks", "memberEntered", "(Ljava/lang/Object;II)V");
    }

    @Override
    public void exit(MethodVisitor code, MethodShape method, int[] at) {
        code.visitVarInsn(Opcodes.ALOAD, at[0]);
        Bytecode.pushInt(code, family);
        MethodShape.call(code, "LockHooks", "memberExited", "(Ljava/lang/Object;I)V");
    }

    @Override
    public boolean exitsOnThrow() {
        return true;
    }
}
