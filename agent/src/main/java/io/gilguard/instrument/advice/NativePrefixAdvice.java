package io.gilguard.instrument.advice;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * In JNA's {@code NativeLibrary}, where the C names of a direct-mapped class's native methods
 * pass ({@code Native.register}). gilguard wraps native methods at start-up and renames them with
 * the native method prefix; JNA looks their C functions up by those names, so the prefix is taken
 * off here ({@code JnaNames}). Without it {@code Native.register} fails with
 * {@code UnsatisfiedLinkError} on {@code gilguard$name}.
 */
final class NativePrefixAdvice {
    private NativePrefixAdvice() {}

    private static final String NAMES = "JnaNames";
    private static final String STRING = "Ljava/lang/String;";
    private static final String METHOD = "Ljava/lang/reflect/Method;";

    /**
     * In {@code getFunction(String, int, String)}, where every C name JNA links passes (after
     * the {@code FunctionMapper}): {@code name = JnaNames.unprefixed(name, PREFIX)}.
     */
    static final class Name implements Advice {
        @Override
        public void enter(MethodVisitor code, MethodShape method, int[] at) {
            code.visitVarInsn(Opcodes.ALOAD, method.slot(0));
            code.visitLdcInsn(Advising.NATIVE_PREFIX);
            MethodShape.call(code, NAMES, "unprefixed", "(" + STRING + STRING + ")" + STRING);
            code.visitVarInsn(Opcodes.ASTORE, method.slot(0));
        }
    }

    /**
     * In {@code getFunction(String, Method)}, which hands the {@code Method} to the library's
     * {@code FunctionMapper}: the mapper is given the wrapper instead of the renamed native
     * method, and the name is unprefixed.
     * <pre>
     *   name = JnaNames.unprefixed(name, method, PREFIX);
     *   method = JnaNames.wrapper(method, PREFIX);
     * </pre>
     */
    static final class Method implements Advice {
        @Override
        public void enter(MethodVisitor code, MethodShape method, int[] at) {
            code.visitVarInsn(Opcodes.ALOAD, method.slot(0));
            code.visitVarInsn(Opcodes.ALOAD, method.slot(1));
            code.visitLdcInsn(Advising.NATIVE_PREFIX);
            MethodShape.call(code, NAMES, "unprefixed", "(" + STRING + METHOD + STRING + ")" + STRING);
            code.visitVarInsn(Opcodes.ASTORE, method.slot(0));
            code.visitVarInsn(Opcodes.ALOAD, method.slot(1));
            code.visitLdcInsn(Advising.NATIVE_PREFIX);
            MethodShape.call(code, NAMES, "wrapper", "(" + METHOD + STRING + ")" + METHOD);
            code.visitVarInsn(Opcodes.ASTORE, method.slot(1));
        }
    }
}
