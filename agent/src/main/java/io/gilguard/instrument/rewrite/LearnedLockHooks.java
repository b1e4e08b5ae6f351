package io.gilguard.instrument.rewrite;

import io.gilguard.runtime.LearnHooks;
import io.gilguard.runtime.Learning;
import io.gilguard.runtime.StatesSeen;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Learn mode: tells {@link LearnHooks} of every lock the application's code takes and lets go
 * ({@code synchronized} blocks, the {@code java.util.concurrent} lock methods) whose object's
 * origin the bytecode shows ({@link LockOrigins}), by form, a number given here once; the
 * {@code synchronized} methods (their class's monitor, a family); and which native methods are
 * {@code synchronized}: their calls hold that monitor. In a class whose own code calls native
 * methods (or that declares some), each object's maker and users ({@link StatesSeen}):
 * thread-state candidates.
 */
public final class LearnedLockHooks extends ClassVisitor {
    private static final String HOOKS = Type.getInternalName(LearnHooks.class);
    private static final String LOCK = "java/util/concurrent/locks/Lock";
    private static final String[] LOCK_TYPES = {
        LOCK, "java/util/concurrent/locks/ReentrantLock", "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock",
        "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock",
    };

    private final Runnable changed;
    private final boolean declaresNatives;
    private final boolean expandedFrames;
    private final ClassLoader loader;
    private final NativeMethods natives;
    private String className;
    private boolean frames;
    private boolean concrete;
    /** The methods with code, kept until the class is read: whether its objects are state candidates depends on all of them. */
    private final List<MethodNode> methods = new ArrayList<>();
    /** The class's number as a thread-state candidate ({@link StatesSeen}), -1 if it is none. */
    private int state = -1;

    /**
     * {@code declaresNatives}: the class declares a native method; {@code expandedFrames}: the
     * class is read with expanded frames; {@code natives} tells which methods it calls are native
     * (a class whose objects' own code calls native code is a thread-state candidate too).
     */
    public LearnedLockHooks(ClassVisitor next, Runnable changed, boolean declaresNatives, boolean expandedFrames,
                            ClassLoader loader, NativeMethods natives) {
        super(Opcodes.ASM9, next);
        this.changed = changed;
        this.declaresNatives = declaresNatives;
        this.expandedFrames = expandedFrames;
        this.loader = loader;
        this.natives = natives;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name;
        frames = (version & 0xFFFF) >= Opcodes.V1_6;
        concrete = (access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ENUM | Opcodes.ACC_ANNOTATION)) == 0;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        if ((access & Opcodes.ACC_NATIVE) != 0) {
            if ((access & Opcodes.ACC_SYNCHRONIZED) != 0 && (access & Opcodes.ACC_STATIC) == 0) {
                Learning.synchronizedNative(LockOrigins.dotted(className) + "#" + name,
                        Learning.form("monitor " + LockOrigins.dotted(className)));
            }
            return super.visitMethod(access, name, descriptor, signature, exceptions);
        }
        if ((access & Opcodes.ACC_ABSTRACT) != 0) {
            return super.visitMethod(access, name, descriptor, signature, exceptions);
        }
        MethodNode m = new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions);
        methods.add(m);
        return m;
    }

    @Override
    public void visitEnd() {
        if (concrete && (declaresNatives || callsNative())) {
            state = StatesSeen.define(LockOrigins.dotted(className));
        }
        boolean added = false;
        for (MethodNode m : methods) {
            added |= hook(m);
            boolean instance = (m.access & Opcodes.ACC_STATIC) == 0;
            if (instance && (m.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                held(m, Learning.form("monitor " + LockOrigins.dotted(className)));
                added = true;
            }
            if (instance && state >= 0) {
                stateUse(m);
                added = true;
            }
            m.accept(cv);
        }
        if (added) {
            changed.run();
        }
        super.visitEnd();
    }

    /** Whether a constructor or instance method calls a native method of the application's. */
    private boolean callsNative() {
        for (MethodNode m : methods) {
            if ((m.access & Opcodes.ACC_STATIC) != 0) {
                continue;
            }
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof MethodInsnNode && !jdk(((MethodInsnNode) insn).owner)) {
                    MethodInsnNode call = (MethodInsnNode) insn;
                    if (natives.nativeMethod(loader, call.owner, call.name, call.desc) != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean jdk(String owner) {
        return owner.startsWith("java/") || owner.startsWith("javax/") || owner.startsWith("jdk/") || owner.startsWith("sun/")
                || owner.startsWith("[");
    }

    /**
     * Adds the hooks to the method; whether it added any. Every origin is read before the first
     * hook goes in: the analysis's frames are numbered by the instructions as they were.
     */
    private boolean hook(MethodNode m) {
        LockOrigins origins = null;
        List<AbstractInsnNode> at = new ArrayList<>();
        List<InsnList> calls = new ArrayList<>();
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            String op = operation(insn);
            if (op == null) {
                continue;
            }
            if (origins == null && (origins = LockOrigins.of(className, m)) == null) {
                return false;
            }
            int receiverDepth = insn instanceof MethodInsnNode ? Type.getArgumentTypes(((MethodInsnNode) insn).desc).length : 0;
            String form = origins.stackValue(insn, receiverDepth);
            if (form == null) {
                continue;
            }
            int number = Learning.form(form);
            InsnList call;
            if (op.equals("tried")) {
                call = new InsnList();
                call.add(new LdcInsnNode(number));
                call.add(new MethodInsnNode(Opcodes.INVOKESTATIC, HOOKS, "tried", "(ZI)Z", false));
            } else {
                call = hookCall(op, number);
            }
            at.add(insn.getOpcode() == Opcodes.MONITORENTER || insn.getOpcode() == Opcodes.MONITOREXIT ? afterLabels(insn) : insn);
            calls.add(call);
        }
        for (int i = 0; i < at.size(); i++) {
            m.instructions.insert(at.get(i), calls.get(i));
        }
        return !at.isEmpty();
    }

    /**
     * A {@code synchronized} method holds its object's monitor while it runs: taken at its start,
     * let go before each return and, through a handler around the whole body, when it throws.
     * The handler's frame names {@code this} alone: the body's other locals are not its business.
     */
    private void held(MethodNode m, int form) {
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        LabelNode handler = new LabelNode();
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() >= Opcodes.IRETURN && insn.getOpcode() <= Opcodes.RETURN) {
                m.instructions.insertBefore(insn, hookCall("letting", form));
            }
        }
        InsnList head = hookCall("taking", form);
        head.add(start);
        m.instructions.insert(head);
        InsnList tail = new InsnList();
        tail.add(end);
        tail.add(handler);
        if (frames) {
            tail.add(new FrameNode(expandedFrames ? Opcodes.F_NEW : Opcodes.F_FULL, 1, new Object[] {className}, 1,
                    new Object[] {"java/lang/Throwable"}));
        }
        tail.add(hookCall("letting", form));
        tail.add(new InsnNode(Opcodes.ATHROW));
        m.instructions.add(tail);
        m.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, null));
    }

    /** A thread-state candidate's object: made at the end of each constructor, used at the start of each instance method. */
    private void stateUse(MethodNode m) {
        if (m.name.equals("<init>")) {
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn.getOpcode() == Opcodes.RETURN) {
                    m.instructions.insertBefore(insn, stateCall("made"));
                }
            }
        } else {
            m.instructions.insert(stateCall("used"));
        }
    }

    private InsnList stateCall(String hook) {
        InsnList call = new InsnList();
        call.add(new VarInsnNode(Opcodes.ALOAD, 0));
        call.add(new LdcInsnNode(state));
        call.add(new MethodInsnNode(Opcodes.INVOKESTATIC, HOOKS, hook, "(Ljava/lang/Object;I)V", false));
        return call;
    }

    private static InsnList hookCall(String hook, int form) {
        InsnList call = new InsnList();
        call.add(new LdcInsnNode(form));
        call.add(new MethodInsnNode(Opcodes.INVOKESTATIC, HOOKS, hook, "(I)V", false));
        return call;
    }

    /**
     * Where a hook after {@code monitorenter}/{@code monitorexit} goes: past the labels that follow
     * it (javac's protected range starts there; a call before it could throw with the monitor held
     * and no handler, and HotSpot would not compile the method), unless a frame stands among them,
     * which the hook must not cross with a value on the stack: then right after the instruction.
     */
    private static AbstractInsnNode afterLabels(AbstractInsnNode insn) {
        AbstractInsnNode at = insn;
        for (AbstractInsnNode n = insn.getNext(); n instanceof LabelNode || n instanceof LineNumberNode || n instanceof FrameNode;
                n = n.getNext()) {
            if (n instanceof FrameNode) {
                return insn;
            }
            at = n;
        }
        return at;
    }

    /** The hook an instruction needs: {@code taking}, {@code letting}, {@code tried}, or null. */
    private static String operation(AbstractInsnNode insn) {
        if (insn instanceof InsnNode) {
            return insn.getOpcode() == Opcodes.MONITORENTER ? "taking" : insn.getOpcode() == Opcodes.MONITOREXIT ? "letting" : null;
        }
        if (!(insn instanceof MethodInsnNode) || insn.getOpcode() == Opcodes.INVOKESTATIC) {
            return null;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        if (!lockType(call.owner)) {
            return null;
        }
        switch (call.name + call.desc) {
            case "lock()V":
            case "lockInterruptibly()V":
                return "taking";
            case "unlock()V":
                return "letting";
            case "tryLock()Z":
            case "tryLock(JLjava/util/concurrent/TimeUnit;)Z":
                return "tried";
            default:
                return null;
        }
    }

    private static boolean lockType(String owner) {
        for (String t : LOCK_TYPES) {
            if (t.equals(owner)) {
                return true;
            }
        }
        return false;
    }
}
