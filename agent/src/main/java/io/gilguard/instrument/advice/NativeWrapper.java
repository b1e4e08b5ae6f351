package io.gilguard.instrument.advice;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;

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
 * names, as a JVM TI agent's native method prefix always does. Its code is written straight to
 * the class ({@link AdviceWeaver}), not built as a tree: a library may have thousands of native
 * methods, each wrapped as its class loads.
 */
final class NativeWrapper {
    private static final int KEPT = Opcodes.ACC_STATIC;
    private static final int RENAMED = Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_NATIVE;

    private NativeWrapper() {}

    /**
     * Renames {@code method}, a native method, and returns its wrapper without code: its
     * modifiers, signature, exceptions, parameters and annotations.
     */
    static MethodNode of(MethodNode method, String prefix) {
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
        method.name = prefix + method.name;
        method.access = method.access & KEPT | RENAMED;
        return wrapper;
    }

    /**
     * The wrapper's call of the renamed method {@code renamed} of class {@code owner}: the receiver
     * and the arguments loaded, the call; what it returns is left on the stack.
     */
    static void call(MethodVisitor code, String owner, MethodNode renamed) {
        boolean isStatic = (renamed.access & Opcodes.ACC_STATIC) != 0;
        int slot = 0;
        if (!isStatic) {
            code.visitVarInsn(Opcodes.ALOAD, slot++);
        }
        for (Type argument : Type.getArgumentTypes(renamed.desc)) {
            code.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
            slot += argument.getSize();
        }
        code.visitMethodInsn(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, owner, renamed.name, renamed.desc,
                false);
    }
}
