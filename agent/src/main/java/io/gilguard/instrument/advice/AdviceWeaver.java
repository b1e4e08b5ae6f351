package io.gilguard.instrument.advice;

import io.gilguard.instrument.rewrite.Bytecode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Puts each method's {@link Advice} into its code, the first of a method's list innermost:
 * <pre>
 *   ENTER(n-1)  s(n-1):  ...  ENTER(0)  s(0):
 *   BODY, each return preceded by EXIT(0) ... EXIT(n-1)
 *   h(0):  EXIT(0); athrow          handler of [s(0), h(0))
 *   ...
 *   h(n-1): EXIT(n-1); athrow       handler of [s(n-1), h(n-1)): the inner handlers and entries too
 * </pre>
 * (an advice whose exit does not run on a throw has no handler). An advice's exit runs exactly
 * when its entry ran, whatever an inner one does, a refusal under {@code enforce} included. The
 * handlers come after the method's own in the exception table: its own handlers, inside, catch
 * first. The advice's locals go past the method's own, and every stack map frame of the method
 * is given them; the handlers' frames are written from what is known, no class is resolved.
 *
 * <p>A {@code native} method has no code: at start-up ({@code wrapsNatives}) it is renamed under
 * {@link Advising#NATIVE_PREFIX} (the JVM retries native lookup without the prefix, so it keeps its
 * JNI symbol, and {@code RegisterNatives} finds it too), and a wrapper under its own name calls it,
 * with the advice woven in. Constructors are left alone: their code before {@code super()}
 * cannot be covered by a handler.
 */
final class AdviceWeaver extends ClassVisitor {
    /** The most an advice's code adds to the stack: what a method's own maximum grows by. */
    private static final int STACK = 6;
    private static final Object[] THROWABLE = {"java/lang/Throwable"};

    private final Map<String, List<Advice>> advice;
    private final boolean wrapsNatives;
    private final Consumer<String> errors;
    private String owner;
    private boolean frames;

    /** {@code advice}: by method {@code name descriptor}, innermost first; {@code errors} hears what could not be advised. */
    AdviceWeaver(ClassVisitor next, Map<String, List<Advice>> advice, boolean wrapsNatives, Consumer<String> errors) {
        super(Opcodes.ASM9, next);
        this.advice = advice;
        this.wrapsNatives = wrapsNatives;
        this.errors = errors;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        owner = name;
        // Before Java 6 there are no stack map frames; from Java 7 on they must be right.
        frames = (version & 0xFFFF) >= Opcodes.V1_6;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        List<Advice> on = advice.get(name + descriptor);
        boolean isNative = (access & Opcodes.ACC_NATIVE) != 0;
        if (on == null || on.isEmpty() || (access & Opcodes.ACC_ABSTRACT) != 0 || (isNative && !wrapsNatives)) {
            return super.visitMethod(access, name, descriptor, signature, exceptions);
        }
        if (name.charAt(0) == '<') {
            errors.accept("cannot advise " + owner.replace('/', '.') + "." + name + ": a constructor");
            return super.visitMethod(access, name, descriptor, signature, exceptions);
        }
        if (isNative) {
            return new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions) {
                @Override
                public void visitEnd() { // its annotations and parameters are read: the wrapper takes them too
                    MethodNode wrapper = NativeWrapper.of(this, Advising.NATIVE_PREFIX);
                    accept(cv); // renamed
                    MethodVisitor code = cv.visitMethod(wrapper.access, wrapper.name, wrapper.desc, wrapper.signature,
                            wrapper.exceptions.toArray(new String[0]));
                    wrapper.accept(new MethodVisitor(Opcodes.ASM9, code) {
                        @Override
                        public void visitEnd() {} // the code comes first
                    });
                    wrap(code, wrapper, this, on);
                }
            };
        }
        return new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions) {
            @Override
            public void visitEnd() {
                weave(this, on);
                accept(cv);
            }
        };
    }

    /**
     * Writes the code of {@code wrapper}, the stand-in for the native method {@code renamed}: the
     * call between the advice, laid out as {@link #weave} lays out a method's (one return, no frame
     * of the method's own), without building it as a tree first.
     */
    private void wrap(MethodVisitor code, MethodNode wrapper, MethodNode renamed, List<Advice> on) {
        MethodShape shape = new MethodShape(wrapper.access, wrapper.desc);
        int own = shape.argumentSlots();
        List<Object> locals = new ArrayList<>();
        int[][] at = slots(on, own, locals);
        code.visitCode();
        Label[] start = new Label[on.size()];
        Label[] handler = new Label[on.size()];
        for (int i = 0; i < on.size(); i++) { // before their labels, as ASM asks; inner first, as weave has them
            if (on.get(i).exitsOnThrow()) {
                start[i] = new Label();
                handler[i] = new Label();
                code.visitTryCatchBlock(start[i], handler[i], handler[i], null);
            }
        }
        for (int i = on.size() - 1; i >= 0; i--) {
            on.get(i).enter(code, shape, at[i]);
            if (start[i] != null) {
                code.visitLabel(start[i]);
            }
        }
        NativeWrapper.call(code, owner, renamed);
        for (int i = 0; i < on.size(); i++) {
            on.get(i).exit(code, shape, at[i]);
        }
        Type returned = shape.returned();
        code.visitInsn(returned.getOpcode(Opcodes.IRETURN));
        List<Object> arguments = null;
        for (int i = 0; i < on.size(); i++) {
            if (handler[i] == null) {
                continue;
            }
            code.visitLabel(handler[i]);
            if (frames) {
                if (arguments == null) {
                    arguments = arguments(wrapper); // no code: every argument as declared
                }
                Object[] frame = handlerFrame(arguments, own, locals, at, i);
                code.visitFrame(Opcodes.F_NEW, frame.length, frame, 1, THROWABLE);
            }
            on.get(i).exitThrown(code, shape, at[i]);
            code.visitInsn(Opcodes.ATHROW);
        }
        code.visitMaxs(Math.max(own, returned.getSize()) + STACK, own + locals.size());
        code.visitEnd();
    }

    /**
     * Per advice, the slots of its {@link Advice#locals}, past the method's own {@code own} slots;
     * their types are added to {@code locals}, one a slot.
     */
    private static int[][] slots(List<Advice> on, int own, List<Object> locals) {
        int[][] at = new int[on.size()][];
        for (int i = 0; i < on.size(); i++) {
            Object[] types = on.get(i).locals();
            at[i] = new int[types.length];
            for (int k = 0; k < types.length; k++) {
                at[i][k] = own + locals.size();
                locals.add(types[k]);
            }
        }
        return at;
    }

    /**
     * The locals of handler h(i)'s frame: the receiver and arguments as {@code arguments} has them,
     * the locals of advice i and the outer ones; the inner advice's may be unset there.
     */
    private static Object[] handlerFrame(List<Object> arguments, int own, List<Object> locals, int[][] at, int i) {
        Object[] known = locals.toArray();
        Arrays.fill(known, 0, firstOf(at, i, own) - own, Opcodes.TOP);
        return withAdvice(arguments, own, known).toArray();
    }

    private void weave(MethodNode m, List<Advice> on) {
        MethodShape shape = new MethodShape(m.access, m.desc);
        int own = m.maxLocals;
        List<Object> locals = new ArrayList<>();
        int[][] at = slots(on, own, locals);
        m.maxLocals = own + locals.size();
        m.maxStack += STACK;
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof FrameNode) {
                FrameNode frame = (FrameNode) insn;
                if (frame.type != Opcodes.F_NEW) {
                    throw new IllegalStateException("compressed stack map frames: read with EXPAND_FRAMES");
                }
                frame.local = withAdvice(frame.local, own, locals.toArray());
            }
        }
        for (AbstractInsnNode insn : m.instructions.toArray()) {
            int opcode = insn.getOpcode();
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                MethodNode exits = new MethodNode();
                for (int i = 0; i < on.size(); i++) {
                    on.get(i).exit(exits, shape, at[i]);
                }
                m.instructions.insertBefore(insn, exits.instructions);
            }
        }
        InsnList entry = new InsnList();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof LineNumberNode) {
                // the entry is on the method's first line, as its first instruction was: a stack
                // trace taken there (a refusal, a report's frame) names it
                LabelNode first = new LabelNode();
                entry.add(first);
                entry.add(new LineNumberNode(((LineNumberNode) insn).line, first));
                break;
            }
        }
        LabelNode[] start = new LabelNode[on.size()];
        for (int i = on.size() - 1; i >= 0; i--) {
            MethodNode code = new MethodNode();
            on.get(i).enter(code, shape, at[i]);
            entry.add(code.instructions);
            entry.add(start[i] = new LabelNode());
        }
        m.instructions.insert(entry);
        List<Object> arguments = arguments(m);
        for (int i = 0; i < on.size(); i++) {
            if (!on.get(i).exitsOnThrow()) {
                continue;
            }
            LabelNode handler = new LabelNode();
            m.instructions.add(handler);
            if (frames) {
                // the method's locals other than its arguments may be unset there
                Object[] frame = handlerFrame(arguments, own, locals, at, i);
                m.instructions.add(new FrameNode(Opcodes.F_NEW, frame.length, frame, 1, THROWABLE));
            }
            MethodNode code = new MethodNode();
            on.get(i).exitThrown(code, shape, at[i]);
            m.instructions.add(code.instructions);
            m.instructions.add(new InsnNode(Opcodes.ATHROW));
            m.tryCatchBlocks.add(new TryCatchBlockNode(start[i], handler, handler, null));
        }
    }

    /** The first slot of the locals of advice {@code i} or the nearest outer one that keeps some (or past all). */
    private static int firstOf(int[][] at, int i, int own) {
        for (int k = i; k < at.length; k++) {
            if (at[k].length > 0) {
                return at[k][0];
            }
        }
        int end = own;
        for (int[] slots : at) {
            end += slots.length;
        }
        return end;
    }

    /** A frame's locals with the advice's after them: the method's own up to {@code own} slots, the rest unset. */
    private static List<Object> withAdvice(List<Object> local, int own, Object[] advice) {
        List<Object> all = new ArrayList<>(own + advice.length);
        int slots = 0;
        if (local != null) {
            for (Object type : local) {
                all.add(type);
                slots += type == Opcodes.LONG || type == Opcodes.DOUBLE ? 2 : 1;
            }
        }
        for (; slots < own; slots++) {
            all.add(Opcodes.TOP);
        }
        all.addAll(Arrays.asList(advice));
        return all;
    }

    /**
     * The receiver and the arguments as the method's first frame has them, for the handlers'
     * frames: a later transformer's own handler around the whole method (the rewrite route's, in
     * a {@code synchronized} method) counts on them there, as javac's code keeps them. One that
     * the method's code stores a value of another kind into, or that one of its frames does not
     * have as declared (a generated proxy's handler keeps no local), is unset instead.
     */
    private List<Object> arguments(MethodNode m) {
        List<Type> params = new ArrayList<>();
        if ((m.access & Opcodes.ACC_STATIC) == 0) {
            params.add(Type.getObjectType(owner));
        }
        params.addAll(Arrays.asList(Type.getArgumentTypes(m.desc)));
        int[] storeAt = new int[new MethodShape(m.access, m.desc).argumentSlots() + 1]; // per slot: the store its argument takes
        Arrays.fill(storeAt, -1);
        int slot = 0;
        for (Type t : params) {
            storeAt[slot] = t.getOpcode(Opcodes.ISTORE);
            slot += t.getSize();
        }
        Object[] declared = new Object[storeAt.length];
        slot = 0;
        for (Type t : params) {
            declared[slot] = Bytecode.frameType(t);
            slot += t.getSize();
        }
        boolean[] clobbered = new boolean[storeAt.length];
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof FrameNode) {
                // a frame that has an argument unset, or as another type, says so for the handler too
                int at = 0;
                int k = 0;
                List<Object> local = ((FrameNode) insn).local;
                for (; k < local.size() && at < storeAt.length - 1; k++) {
                    Object type = local.get(k);
                    if (declared[at] != null && !declared[at].equals(type)) {
                        clobbered[at] = true;
                    }
                    at += type == Opcodes.LONG || type == Opcodes.DOUBLE ? 2 : 1;
                }
                for (; at < storeAt.length - 1; at++) {
                    clobbered[at] = true;
                }
                continue;
            }
            int op = insn.getOpcode();
            if (insn instanceof VarInsnNode && op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
                int var = ((VarInsnNode) insn).var;
                if (var < storeAt.length && storeAt[var] != op) {
                    clobbered[var] = true;
                }
                if ((op == Opcodes.LSTORE || op == Opcodes.DSTORE) && var + 1 < storeAt.length) {
                    clobbered[var + 1] = true;
                }
            }
        }
        List<Object> types = new ArrayList<>();
        slot = 0;
        for (Type t : params) {
            boolean kept = !clobbered[slot] && (t.getSize() == 1 || !clobbered[slot + 1]);
            types.add(kept ? Bytecode.frameType(t) : Opcodes.TOP);
            if (!kept && t.getSize() == 2) {
                types.add(Opcodes.TOP);
            }
            slot += t.getSize();
        }
        return types;
    }
}
