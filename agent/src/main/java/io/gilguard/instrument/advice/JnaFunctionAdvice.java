package io.gilguard.instrument.advice;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * In JNA's {@code com.sun.jna.Function.invoke(Object[], Class, boolean, int)}, around the
 * native call: the boundary of the C symbol the function links ({@code functionName}, after the
 * {@code FunctionMapper}), found per name by {@code JnaFunctions}. As
 * {@link EnforcedBoundaryAdvice}, a refused call throws the error instead of running.
 * <pre>
 *   int boundary = JnaFunctions.boundary(this.functionName, this);
 *   Object entered = JnaFunctions.enter(boundary);
 *   Enforce.refuse(entered);
 *   Ledger ledger = (Ledger) entered;
 *   try { BODY } finally { JnaFunctions.exit(boundary, ledger); }
 * </pre>
 * Nothing here names a JNA type but the field read from the method's own class.
 */
final class JnaFunctionAdvice implements Advice {
    static final String FUNCTION = "com/sun/jna/Function";
    private static final Object[] LOCALS = {Opcodes.INTEGER, BoundaryAdvice.LEDGER};

    @Override
    public Object[] locals() {
        return LOCALS;
    }

    @Override
    public void enter(MethodVisitor code, MethodShape method, int[] at) {
        code.visitVarInsn(Opcodes.ALOAD, 0);
        code.visitFieldInsn(Opcodes.GETFIELD, FUNCTION, "functionName", "Ljava/lang/String;");
        code.visitVarInsn(Opcodes.ALOAD, 0);
        MethodShape.call(code, "JnaFunctions", "boundary", "(Ljava/lang/String;Ljava/lang/Object;)I");
        code.visitInsn(Opcodes.DUP);
        code.visitVarInsn(Opcodes.ISTORE, at[0]);
        MethodShape.call(code, "JnaFunctions", "enter", "(I)Ljava/lang/Object;");
        EnforcedBoundaryAdvice.refuseOrKeep(code, at[1]);
    }

    @Override
    public void exit(MethodVisitor code, MethodShape method, int[] at) {
        code.visitVarInsn(Opcodes.ILOAD, at[0]);
        code.visitVarInsn(Opcodes.ALOAD, at[1]);
        MethodShape.call(code, "JnaFunctions", "exit", "(IL" + BoundaryAdvice.LEDGER + ";)V");
    }

    @Override
    public boolean exitsOnThrow() {
        return true;
    }
}
