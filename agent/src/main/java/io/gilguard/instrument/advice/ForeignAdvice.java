package io.gilguard.instrument.advice;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What is put into the JDK's own classes (JDK 22+), where only the runtime in the boot loader can
 * be called: the FFM linker's {@code downcallHandle} methods and the native libraries'
 * {@code find(String)}. Straight-line calls of the runtime, no branch, no handler: the methods'
 * stack map frames stay as they are and no class is resolved to write them. The runtime's
 * methods called never throw (each catches and counts its own errors).
 *
 * <p>Written with ASM rather than ByteBuddy's {@code Advice}: one of these classes is loaded
 * before {@code premain}, so whatever writes them runs at every start-up under a
 * {@code native:} rule, and ByteBuddy's first use was some 400 ms of it.
 */
final class ForeignAdvice extends ClassVisitor {
    private static final String DOWNCALLS = "io/gilguard/runtime/ForeignDowncalls";
    private static final String UPCALLS = "io/gilguard/runtime/ForeignUpcalls";
    private static final String HANDLE = "Ljava/lang/invoke/MethodHandle;";

    private final boolean linker;
    private final boolean learning;
    private boolean changed;

    /** {@code linker}: the class is the linker (else a native library); {@code learning}: upcall stubs are counted too. */
    ForeignAdvice(ClassVisitor next, boolean linker, boolean learning) {
        super(Opcodes.ASM9, next);
        this.linker = linker;
        this.learning = learning;
    }

    /** Whether some method was found and changed. */
    boolean changed() {
        return changed;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_STATIC)) != 0) {
            return next;
        }
        Type[] params = Type.getArgumentTypes(descriptor);
        Type returned = Type.getReturnType(descriptor);
        if (linker && name.equals("downcallHandle") && returned.getDescriptor().equals(HANDLE)) {
            if (params.length == 3 && params[0].getInternalName().equals("java/lang/foreign/MemorySegment")) {
                changed = true;
                return new BeforeReturn(next, Opcodes.ARETURN) {
                    @Override
                    void hook() {
                        // handle -> ForeignDowncalls.wrap(symbol, handle)
                        mv.visitVarInsn(Opcodes.ALOAD, 1);
                        mv.visitInsn(Opcodes.SWAP);
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, DOWNCALLS, "wrap",
                                "(Ljava/lang/Object;" + HANDLE + ")" + HANDLE, false);
                    }
                };
            }
            if (params.length == 2 && params[0].getInternalName().equals("java/lang/foreign/FunctionDescriptor")) {
                changed = true;
                return new BeforeReturn(next, Opcodes.ARETURN) {
                    @Override
                    void hook() {
                        mv.visitMethodInsn(Opcodes.INVOKESTATIC, DOWNCALLS, "wrapUnbound", "(" + HANDLE + ")" + HANDLE, false);
                    }
                };
            }
        }
        if (linker && learning && name.equals("upcallStub") && params.length == 4
                && params[0].getDescriptor().equals(HANDLE)) {
            changed = true;
            return new MethodVisitor(Opcodes.ASM9, next) {
                @Override
                public void visitCode() {
                    super.visitCode();
                    // target = ForeignUpcalls.learned(target)
                    super.visitVarInsn(Opcodes.ALOAD, 1);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, UPCALLS, "learned", "(" + HANDLE + ")" + HANDLE, false);
                    super.visitVarInsn(Opcodes.ASTORE, 1);
                }
            };
        }
        if (!linker && name.equals("find") && descriptor.equals("(Ljava/lang/String;)J")) {
            changed = true;
            return new BeforeReturn(next, Opcodes.LRETURN) {
                @Override
                void hook() {
                    // address -> address, after ForeignDowncalls.found(name, address)
                    mv.visitInsn(Opcodes.DUP2);          // address address
                    mv.visitVarInsn(Opcodes.ALOAD, 1);   // address address name
                    mv.visitInsn(Opcodes.DUP_X2);        // address name address name
                    mv.visitInsn(Opcodes.POP);           // address name address
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, DOWNCALLS, "found", "(Ljava/lang/String;J)V", false);
                }
            };
        }
        return next;
    }

    /** Runs {@link #hook} before each return instruction of one opcode, the returned value on the stack. */
    private abstract static class BeforeReturn extends MethodVisitor {
        private final int opcode;

        BeforeReturn(MethodVisitor next, int opcode) {
            super(Opcodes.ASM9, next);
            this.opcode = opcode;
        }

        abstract void hook();

        @Override
        public void visitInsn(int insn) {
            if (insn == opcode) {
                hook();
            }
            super.visitInsn(insn);
        }
    }
}
