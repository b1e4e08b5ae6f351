package io.gilguard.instrument.rewrite;

import io.gilguard.runtime.Sites;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.TypePath;

/**
 * Follows {@code synchronized} blocks: after each {@code monitorenter} and {@code monitorexit}
 * the monitor goes to {@code LockHooks.acquired/monitorExited}. Where the call goes
 * matters to the JIT. javac's protected range of a synchronized block starts at the label right
 * after {@code monitorenter}: a call placed before that label could throw with the monitor held
 * and no handler to release it, and HotSpot then refuses to compile the method (unbalanced
 * monitors). So the call waits until the labels that follow the instruction are passed, and is
 * made before the next instruction. Only where a stack map frame stands at such a label (never
 * in javac's code: nothing jumps there) is it made before the labels, since the monitor it
 * carries on the operand stack must not cross a frame.
 */
final class MonitorHooks extends MethodVisitor {
    private final String className;
    private final String method;
    private final String file;
    private final boolean defer;
    private final Runnable changed;
    private int line = -1;
    private String pending;
    private int pendingSite;
    private final List<Object> passed = new ArrayList<>();

    /** {@code defer} false for class files older than Java 7, where stack map frames are not required and so cannot tell where a jump lands. */
    MonitorHooks(MethodVisitor next, String className, String method, String file, boolean defer, Runnable changed) {
        super(Opcodes.ASM9, next);
        this.className = className;
        this.method = method;
        this.file = file;
        this.defer = defer;
        this.changed = changed;
    }

    @Override
    public void visitInsn(int opcode) {
        flush();
        if (opcode != Opcodes.MONITORENTER && opcode != Opcodes.MONITOREXIT) {
            super.visitInsn(opcode);
            return;
        }
        super.visitInsn(Opcodes.DUP); // the monitor stays on the stack for the hook
        super.visitInsn(opcode);
        pending = opcode == Opcodes.MONITORENTER ? "acquired" : "monitorExited";
        pendingSite = Sites.register(className, method, file, line);
        changed.run();
        if (!defer) {
            hook();
        }
    }

    @Override
    public void visitLabel(Label label) {
        if (pending != null) {
            passed.add(label);
        } else {
            super.visitLabel(label);
        }
    }

    @Override
    public void visitLineNumber(int lineNumber, Label start) {
        line = lineNumber;
        if (pending != null) {
            passed.add(new LineNumber(lineNumber, start));
        } else {
            super.visitLineNumber(lineNumber, start);
        }
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        if (pending != null) {
            hook();
            replay();
        }
        super.visitFrame(type, numLocal, local, numStack, stack);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        flush();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        flush();
        super.visitVarInsn(opcode, varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        flush();
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        flush();
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        flush();
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
        flush();
        super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        flush();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        flush();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        flush();
        super.visitIincInsn(varIndex, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        flush();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        flush();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        flush();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    @Override
    public org.objectweb.asm.AnnotationVisitor visitInsnAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
        flush();
        return super.visitInsnAnnotation(typeRef, typePath, descriptor, visible);
    }

    @Override
    public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
        flush();
        super.visitLocalVariable(name, descriptor, signature, start, end, index);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        flush();
        super.visitMaxs(maxStack, maxLocals);
    }

    @Override
    public void visitEnd() {
        flush();
        super.visitEnd();
    }

    private void flush() {
        if (pending != null) {
            replay();
            hook();
        }
    }

    private void hook() {
        Bytecode.pushInt(mv, pendingSite);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, pending, "(Ljava/lang/Object;I)V", false);
        pending = null;
    }

    private void replay() {
        for (Object o : passed) {
            if (o instanceof Label) {
                super.visitLabel((Label) o);
            } else {
                LineNumber n = (LineNumber) o;
                super.visitLineNumber(n.line, n.start);
            }
        }
        passed.clear();
    }

    private static final class LineNumber {
        final int line;
        final Label start;

        LineNumber(int line, Label start) {
            this.line = line;
            this.start = start;
        }
    }
}
