package io.gilguard.instrument.rewrite;

import io.gilguard.runtime.LearnHooks;
import io.gilguard.runtime.Learning;
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

/**
 * Learn mode: tells {@link LearnHooks} of every lock the application's code takes and lets go
 * ({@code synchronized} blocks, the {@code java.util.concurrent} lock methods) whose object's
 * origin the bytecode shows ({@link LockOrigins}), by form, a number given here once. And says
 * which native methods are {@code synchronized}: their calls hold their class's monitor.
 */
public final class LearnedLockHooks extends ClassVisitor {
    private static final String HOOKS = Type.getInternalName(LearnHooks.class);
    private static final String LOCK = "java/util/concurrent/locks/Lock";
    private static final String[] LOCK_TYPES = {
        LOCK, "java/util/concurrent/locks/ReentrantLock", "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock",
        "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock",
    };

    private final Runnable changed;
    private String className;

    public LearnedLockHooks(ClassVisitor next, Runnable changed) {
        super(Opcodes.ASM9, next);
        this.changed = changed;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if ((access & Opcodes.ACC_NATIVE) != 0) {
            if ((access & Opcodes.ACC_SYNCHRONIZED) != 0 && (access & Opcodes.ACC_STATIC) == 0) {
                Learning.synchronizedNative(LockOrigins.dotted(className) + "#" + name,
                        Learning.form("monitor " + LockOrigins.dotted(className)));
            }
            return next;
        }
        if ((access & Opcodes.ACC_ABSTRACT) != 0) {
            return next;
        }
        return new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions) {
            @Override
            public void visitEnd() {
                if (hook(this)) {
                    changed.run();
                }
                accept(next);
            }
        };
    }

    /** Adds the hooks to the method; whether it added any. */
    private boolean hook(MethodNode m) {
        LockOrigins origins = null;
        boolean added = false;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            String op = operation(insn);
            if (op == null) {
                continue;
            }
            if (origins == null && (origins = LockOrigins.of(className, m)) == null) {
                return added;
            }
            int receiverDepth = insn instanceof MethodInsnNode ? Type.getArgumentTypes(((MethodInsnNode) insn).desc).length : 0;
            String form = origins.stackValue(insn, receiverDepth);
            if (form == null) {
                continue;
            }
            int number = Learning.form(form);
            InsnList call = new InsnList();
            call.add(new LdcInsnNode(number));
            if (op.equals("tried")) {
                call.add(new MethodInsnNode(Opcodes.INVOKESTATIC, HOOKS, "tried", "(ZI)Z", false));
            } else {
                call.add(new MethodInsnNode(Opcodes.INVOKESTATIC, HOOKS, op, "(I)V", false));
            }
            AbstractInsnNode at = insn.getOpcode() == Opcodes.MONITORENTER || insn.getOpcode() == Opcodes.MONITOREXIT
                    ? afterLabels(insn) : insn;
            m.instructions.insert(at, call);
            added = true;
        }
        return added;
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
