package io.gilguard.instrument.rewrite;

import io.gilguard.runtime.Boundaries;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The calls into {@code Boundaries} that open and close a boundary, as every advice and rewrite
 * emits them: the boundary's number and its shape ({@link Boundaries#shape}) as constants, so
 * that the JIT, inlining the runtime's code, keeps only the checks of that one boundary.
 */
public final class BoundaryCalls {
    public static final String LEDGER = "io/gilguard/runtime/Ledger";
    private static final String BOUNDARIES = "io/gilguard/runtime/Boundaries";

    private BoundaryCalls() {}

    /** Pushes the ledger of entering boundary {@code id}: {@code enter} for a downcall, {@code enterUpcall} else. */
    public static void enter(MethodVisitor code, int id, boolean downcall) {
        Bytecode.pushInt(code, id);
        code.visitLdcInsn(Boundaries.shape(id));
        code.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDARIES, downcall ? "enter" : "enterUpcall",
                "(IJ)L" + LEDGER + ";", false);
    }

    /** {@code Boundaries.exit(id, shape, ledger)}, which ignores a null ledger (the agent failed on entry, and said so). */
    public static void exit(MethodVisitor code, int id, int ledger) {
        exit(code, id, ledger, "exit");
    }

    /**
     * {@link #exit} in the handler for a throw: {@code Boundaries.exitThrown}, the same work
     * called rather than inlined, so that the boundary method's compiled code stays small
     * enough for its callers to inline it.
     */
    public static void exitThrown(MethodVisitor code, int id, int ledger) {
        exit(code, id, ledger, "exitThrown");
    }

    private static void exit(MethodVisitor code, int id, int ledger, String method) {
        Bytecode.pushInt(code, id);
        code.visitLdcInsn(Boundaries.shape(id));
        code.visitVarInsn(Opcodes.ALOAD, ledger);
        code.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDARIES, method, "(IJL" + LEDGER + ";)V", false);
    }
}
