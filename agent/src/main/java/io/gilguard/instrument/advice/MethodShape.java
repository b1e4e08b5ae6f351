package io.gilguard.instrument.advice;

import io.gilguard.instrument.rewrite.Bytecode;
import java.lang.reflect.Modifier;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** What advice code needs of the method it is in: where its arguments are, what it returns. */
public final class MethodShape {
    private final boolean isStatic;
    private final Type[] arguments;
    private final Type returned;

    MethodShape(int access, String descriptor) {
        this.isStatic = Modifier.isStatic(access);
        this.arguments = Type.getArgumentTypes(descriptor);
        this.returned = Type.getReturnType(descriptor);
    }

    public Type returned() {
        return returned;
    }

    /** The type of argument {@code i}; null when there is none. */
    public Type argument(int i) {
        return i < arguments.length ? arguments[i] : null;
    }

    /** The local slot of argument {@code i}. */
    public int slot(int i) {
        int slot = isStatic ? 0 : 1;
        for (int k = 0; k < i; k++) {
            slot += arguments[k].getSize();
        }
        return slot;
    }

    /** Local slots the receiver and the arguments take. */
    int argumentSlots() {
        return slot(arguments.length);
    }

    /** Pushes the caller's site that the rewritten call site left, else {@code own}, the method's: {@code CallSites.take(own)}. */
    static void callSite(MethodVisitor code, int own) {
        Bytecode.pushInt(code, own);
        call(code, "CallSites", "take", "(I)I");
    }

    /** Calls a static method of the runtime. */
    static void call(MethodVisitor code, String runtimeClass, String name, String descriptor) {
        code.visitMethodInsn(Opcodes.INVOKESTATIC, "io/gilguard/runtime/" + runtimeClass, name, descriptor, false);
    }
}
