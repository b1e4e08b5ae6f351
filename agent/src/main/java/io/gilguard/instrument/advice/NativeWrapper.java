package io.gilguard.instrument.advice;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The Java method that stands in for a {@code native} method at start-up, so that advice has
 * code to go into. The native method is renamed ({@code prefix + name}), made private, final and
 * synthetic, and no longer {@code synchronized}; the wrapper takes its name, modifiers
 * ({@code synchronized} included: the JVM enters the monitor around the whole call, advice and
 * all), signature, exceptions, parameters and annotations, and calls it:
 * <pre>
 *   [synchronized] R name(A a, B b) { return prefix$name(a, b); }
 * </pre>
 * It has no line of its own: a stack trace shows the wrapper and the native method under their
 * names, as a JVM TI agent's native method prefix always does.
 */
final class NativeWrapper {
    private static final int KEPT = Opcodes.ACC_STATIC;
    private static final int RENAMED = Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_NATIVE;

    private NativeWrapper() {}

    /** Renames {@code method}, a native method of class {@code owner}, and returns its wrapper. */
    static MethodNode of(String owner, MethodNode method, String prefix) {
        String[] exceptions = method.exceptions.toArray(new String[0]);
        MethodNode wrapper = new MethodNode(Opcodes.ASM9, method.access & ~Opcodes.ACC_NATIVE, method.name, method.desc,
                method.signature, exceptions);
        wrapper.parameters = method.parameters;
        wrapper.visibleAnnotations = method.visibleAnnotations;
        wrapper.invisibleAnnotations = method.invisibleAnnotations;
        wrapper.visibleTypeAnnotations = method.visibleTypeAnnotations;
        wrapper.invisibleTypeAnnotations = method.invisibleTypeAnnotations;
        wrapper.visibleAnnotableParameterCount = method.visibleAnnotableParameterCount;
        wrapper.visibleParameterAnnotations = method.visibleParameterAnnotations;
        wrapper.invisibleAnnotableParameterCount = method.invisibleAnnotableParameterCount;
        wrapper.invisibleParameterAnnotations = method.invisibleParameterAnnotations;

        boolean isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
        method.name = prefix + method.name;
        method.access = method.access & KEPT | RENAMED;

        int slot = 0;
        if (!isStatic) {
            wrapper.instructions.add(new VarInsnNode(Opcodes.ALOAD, slot++));
        }
        for (Type argument : Type.getArgumentTypes(method.desc)) {
            wrapper.instructions.add(new VarInsnNode(argument.getOpcode(Opcodes.ILOAD), slot));
            slot += argument.getSize();
        }
        wrapper.instructions.add(new MethodInsnNode(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, owner,
                method.name, method.desc, false));
        Type returned = Type.getReturnType(method.desc);
        wrapper.instructions.add(new InsnNode(returned.getOpcode(Opcodes.IRETURN)));
        wrapper.maxLocals = slot;
        wrapper.maxStack = Math.max(slot, returned.getSize());
        return wrapper;
    }
}
