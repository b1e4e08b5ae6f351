package io.gilguard.instrument.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.AnalyzerAdapter;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Puts a boundary around each call of a matched native method, in the calling method, adding
 * no member to the class:
 *
 * <pre>
 *   (arguments)  sipush ID; ldc SHAPE; invokestatic Boundaries.enter; astore L
 *   start:       invoke NATIVE
 *   end:         sipush ID; ldc SHAPE; aload L; invokestatic Boundaries.exit
 *                goto after
 *   handler:     sipush ID; ldc SHAPE; aload L; invokestatic Boundaries.exitThrown; athrow
 *   after:       ...
 * </pre>
 *
 * A call through a supertype or an interface that matched native methods implement decides at
 * run time, by its receiver's class, which boundary to enter, if any ({@code SupertypeCalls}):
 *
 * <pre>
 *   (receiver, arguments)  xstore A1..An; dup; sipush METHOD; invokestatic SupertypeCalls.boundary; istore B
 *                          xload A1..An; iload B; invokestatic SupertypeCalls.enter; astore L
 *   start:                 invoke ...          (the same, with "iload B" for "sipush ID; ldc SHAPE")
 * </pre>
 *
 * where a receiver that enters none gets a null ledger, which {@code Boundaries.exit} ignores.
 * The arguments are kept aside in fresh locals to reach the receiver below them.
 *
 * <p>The handler catches anything the call alone throws, so that a {@code release} policy takes
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
    private static final String SUPERTYPE_CALLS = "io/gilguard/runtime/SupertypeCalls";
    private static final String LEDGER = "io/gilguard/runtime/Ledger";

    private final Map<String, Integer> targets;
    private final Map<String, Integer> through;
    private final Map<String, Integer> methods;
    private final Consumer<String> errors;
    private String className;
    private boolean frames;

    /**
     * {@code targets}: boundary numbers by {@code owner.name descriptor} of the call; {@code through}:
     * for virtual calls through a supertype, the runtime's numbers of the method by the same key;
     * {@code methods}: the methods holding such calls, by {@code name descriptor}, with their
     * original local count.
     */
    public DowncallSites(ClassVisitor next, Map<String, Integer> targets, Map<String, Integer> through,
                         Map<String, Integer> methods, Consumer<String> errors) {
        super(Opcodes.ASM9, next);
        this.targets = targets;
        this.through = through;
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
        /** Fresh locals past all of the method's own: the ledger, the boundary's number, the arguments kept aside. */
        private final int slot;
        private int extent;

        Calls(AnalyzerAdapter analyzer, Reordering buffer, String method, int maxLocals) {
            super(Opcodes.ASM9, analyzer);
            this.analyzer = analyzer;
            this.buffer = buffer;
            this.method = method;
            this.slot = maxLocals;
            this.extent = slot + 1;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            String key = owner + "." + name + descriptor;
            boolean virtual = opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE;
            Integer id = isInterface || opcode == Opcodes.INVOKEINTERFACE ? null : targets.get(key);
            Integer overridable = virtual && id == null ? through.get(key) : null;
            if (id == null && overridable == null) {
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
            if (overridable != null) {
                receiverDecides(overridable, descriptor);
            } else {
                BoundaryCalls.enter(mv, id, true);
            }
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
            exit(id, false);
            Object[] stack = frames ? frame(analyzer.stack) : null;
            super.visitJumpInsn(Opcodes.GOTO, after);
            super.visitLabel(handler);
            if (frames) {
                super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {"java/lang/Throwable"});
            }
            exit(id, true);
            super.visitInsn(Opcodes.ATHROW);
            super.visitLabel(after);
            if (frames) {
                super.visitFrame(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
                // the method's own next frame may stand at this very offset; two frames cannot
                super.visitInsn(Opcodes.NOP);
            }
        }

        /**
         * With the receiver and the arguments on the stack: the boundary the receiver's class
         * enters (or -1) into local {@code slot + 1}, the ledger of entering it (or null) on the stack.
         */
        private void receiverDecides(int overridable, String descriptor) {
            Type[] args = Type.getArgumentTypes(descriptor);
            int[] at = new int[args.length];
            int next = slot + 2;
            for (int i = 0; i < args.length; i++) {
                at[i] = next;
                next += args[i].getSize();
            }
            extent = Math.max(extent, next);
            for (int i = args.length - 1; i >= 0; i--) {
                super.visitVarInsn(args[i].getOpcode(Opcodes.ISTORE), at[i]);
            }
            super.visitInsn(Opcodes.DUP);
            Bytecode.pushInt(mv, overridable);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, SUPERTYPE_CALLS, "boundary", "(Ljava/lang/Object;I)I", false);
            super.visitVarInsn(Opcodes.ISTORE, slot + 1);
            for (int i = 0; i < args.length; i++) {
                super.visitVarInsn(args[i].getOpcode(Opcodes.ILOAD), at[i]);
            }
            super.visitVarInsn(Opcodes.ILOAD, slot + 1);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, SUPERTYPE_CALLS, "enter", "(I)L" + LEDGER + ";", false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack, Math.max(maxLocals, extent));
        }

        /** {@code id} null: the number the receiver decided, in local {@code slot + 1}. */
        private void exit(Integer id, boolean thrown) {
            if (id != null) {
                if (thrown) {
                    BoundaryCalls.exitThrown(mv, id, slot);
                } else {
                    BoundaryCalls.exit(mv, id, slot);
                }
                return;
            }
            super.visitVarInsn(Opcodes.ILOAD, slot + 1);
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
