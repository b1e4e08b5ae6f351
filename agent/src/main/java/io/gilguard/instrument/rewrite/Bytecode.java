package io.gilguard.instrument.rewrite;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** Small pieces of code the rewrites (and the advice) insert. */
public final class Bytecode {
    private Bytecode() {}

    /** Pushes an int constant (a site or lock number) in the shortest form. */
    public static void pushInt(MethodVisitor next, int value) {
        if (value >= -1 && value <= 5) {
            next.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            next.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            next.visitLdcInsn(value);
        }
    }

    /** A value's type as a stack map frame names it. */
    public static Object frameType(Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return Opcodes.INTEGER;
            case Type.FLOAT:
                return Opcodes.FLOAT;
            case Type.LONG:
                return Opcodes.LONG;
            case Type.DOUBLE:
                return Opcodes.DOUBLE;
            default:
                return t.getInternalName(); // an array's is its descriptor
        }
    }
}
