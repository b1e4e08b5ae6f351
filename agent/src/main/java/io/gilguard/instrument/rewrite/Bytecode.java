package io.gilguard.instrument.rewrite;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Small pieces of code the rewrites insert. */
final class Bytecode {
    private Bytecode() {}

    /** Pushes an int constant (a site or lock number) in the shortest form. */
    static void pushInt(MethodVisitor next, int value) {
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            next.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            next.visitLdcInsn(value);
        }
    }
}
