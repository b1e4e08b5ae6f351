package io.gilguard.instrument.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.AnalyzerAdapter;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Puts a boundary around each call of a matched native method, in the calling method, adding
 * no member to the class:
 *
 * <pre>
 *   (arguments)  sipush ID; invokestatic Boundaries.enter; astore L
 *   start:       invoke NATIVE
 *   end:         sipush ID; aload L; invokestatic Boundaries.exit
 *                goto after
 *   handler:     sipush ID; aload L; invokestatic Boundaries.exit; athrow
 *   after:       ...
 * </pre>
 *
 * The handler catches anything the call alone throws, so that a {@code release} policy takes
 * the lock back and the ledger's boundary stack stays balanced whatever the native method does.
 * Its entry goes first in the exception table, before the application's own handlers that cover
 * the call; its code stays next to the call, inside those same handlers' ranges, so that what it
 * rethrows reaches them as before. The stack map frames at {@code handler} and {@code after}
 * are the frames around the call, tracked by {@link AnalyzerAdapter} from the method's own
 * frames: no class is loaded to compute them. A call made before {@code super()} in a
 * constructor is left alone (a handler there would have to see an uninitialized {@code this}).
 */
public final class DowncallSites extends ClassVisitor {
    private static final String BOUNDARIES = "io/gilguard/runtime/Boundaries";
    private static final String LEDGER = "io/gilguard/runtime/Ledger";

    private final Map<String, Integer> targets;
    private final Map<String, Integer> methods;
    private final Consumer<String> errors;
    private String className;
    private boolean frames;

    /**
     * {@code targets}: boundary numbers by {@code owner.name descriptor} of the call; {@code methods}:
     * the methods holding such calls, by {@code name descriptor}, with their original local count.
     */
    public DowncallSites(ClassVisitor next, Map<String, Integer> targets, Map<String, Integer> methods,
                         Consumer<String> errors) {
        super(Opcodes.ASM9, next);
        this.targets = targets;
        this.methods = methods;
        this.errors = errors;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name;
        // Before Java 6 there are no stack map frames; Java 6 verifies without them if need be.
        frames = (version & 0xFFFF) >= Opcodes.V1_7;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        Integer maxLocals = methods.get(name + descriptor);
        if (maxLocals == null || next == null) {
            return next;
        }
        Reordering buffer = new Reordering(access, name, descriptor, signature, exceptions, next);
        AnalyzerAdapter analyzer = new AnalyzerAdapter(className, access, name, descriptor, buffer);
        return new Calls(analyzer, buffer, name, maxLocals);
    }

    /** Holds the method back until its end, to put the boundaries' handlers first in its exception table. */
    private static final class Reordering extends MethodNode {
        private final MethodVisitor next;
        final List<TryCatchBlockNode> first = new ArrayList<>();

        Reordering(int access, String name, String descriptor, String signature, String[] exceptions, MethodVisitor next) {
            super(Opcodes.ASM9, access, name, descriptor, signature, exceptions);
            this.next = next;
        }

        @Override
        public void visitEnd() {
            tryCatchBlocks.removeAll(first);
            tryCatchBlocks.addAll(0, first);
            accept(next);
        }
    }

    private final class Calls extends MethodVisitor {
        private final AnalyzerAdapter analyzer;
        private final Reordering buffer;
        private final String method;
        private final int slot;

        Calls(AnalyzerAdapter analyzer, Reordering buffer, String method, int maxLocals) {
            super(Opcodes.ASM9, analyzer);
            this.analyzer = analyzer;
            this.buffer = buffer;
            this.method = method;
            this.slot = maxLocals; // a fresh local for the ledger, past all of the method's own
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            Integer id = targets.get(owner + "." + name + descriptor);
            if (id == null || id < 0 || isInterface || opcode == Opcodes.INVOKEINTERFACE) {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                return;
            }
            if (frames && (analyzer.locals == null || analyzer.locals.contains(Opcodes.UNINITIALIZED_THIS))) {
                errors.accept("cannot watch the call of " + owner.replace('/', '.') + "." + name + " in "
                        + className.replace('/', '.') + "." + method + (analyzer.locals == null
                        ? " (unreachable code)" : " (made before super() in a constructor)"));
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                return;
            }
            Bytecode.pushInt(mv, id);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDARIES, "enter", "(I)L" + LEDGER + ";", false);
            super.visitVarInsn(Opcodes.ASTORE, slot);
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            Label after = new Label();
            Object[] locals = frames ? frame(analyzer.locals) : null;
            super.visitTryCatchBlock(start, end, handler, null);
            buffer.first.add(buffer.tryCatchBlocks.get(buffer.tryCatchBlocks.size() - 1));
            super.visitLabel(start);
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            super.visitLabel(end);
            exit(id);
            Object[] stack = frames ? frame(analyzer.stack) : null;
            super.visitJumpInsn(Opcodes.GOTO, after);
            super.visitLabel(handler);
            if (frames) {
                super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
            }
            exit(id);
            super.visitInsn(Opcodes.ATHROW);
            super.visitLabel(after);
            if (frames) {
                super.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
                // the method's own next frame may stand at this very offset; two frames cannot
                super.visitInsn(Opcodes.NOP);
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack, Math.max(maxLocals, slot + 1));
        }

        private void exit(int id) {
            Bytecode.pushInt(mv, id);
            super.visitVarInsn(Opcodes.ALOAD, slot);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDARIES, "exit", "(IL" + LEDGER + ";)V", false);
        }
    }

    /** The analyzer's types (a long or double followed by TOP) in the form of a frame (one entry each). */
    private static Object[] frame(List<Object> types) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            Object t = types.get(i);
            out.add(t);
            if (t == Opcodes.LONG || t == Opcodes.DOUBLE) {
                i++;
            }
        }
        return out.toArray();
    }
}
