package io.gilguard.instrument.rewrite;

import io.gilguard.rules.LockRule;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites, inside one class, what the ledger follows of the static locks and the lock families:
 * calls of lock methods tell {@code LockHooks} (see {@link LockCalls}), {@code synchronized}
 * blocks report enter and exit ({@link MonitorHooks}), the assignment of a named static lock
 * field binds the lock's object, and the assignment of a field family's field makes its object a
 * member (at attach its reads too: objects made before the attach are met there). Each rewritten
 * call site gets its site number here. Nothing is added but instructions, so the same rewrite
 * serves classes loaded later and classes already loaded.
 */
public final class LockCallRewriter extends Located {
    private final List<LockRule> locks;
    private final Runnable changed;
    private final Fields fields;
    private final boolean bindOnRead;
    private final boolean orderEnforced;
    /** The methods to read ({@code name descriptor}); null for all: the others are passed on as they are. */
    private final Set<String> methods;
    private int version;

    /** Hears of what the rewrite finds of the static locks' fields. */
    public interface Fields {
        /** The lock's field is assigned in {@code where} ({@code Class.method}), and the assignment rewritten. */
        void assigned(int lock, String where);

        /**
         * The class the lock names declares the field, but {@code static} where the rule says
         * {@code field}, or not where it says {@code static}: the rule names the wrong kind.
         */
        void wrongKind(int lock);
    }

    /**
     * {@code changed} hears of each change it makes; {@code bindOnRead}: a field family's reads
     * make members too; {@code orderEnforced}: some lock is enforced, so a blocking
     * {@code lock()} asks first whether it would close a lock-order cycle; {@code methods}: the only
     * methods that may hold what it rewrites ({@code name descriptor}), or null: ASM copies the
     * others' code as it is, unread.
     */
    public LockCallRewriter(ClassVisitor next, List<LockRule> locks, Runnable changed, Fields fields, boolean bindOnRead,
                            boolean orderEnforced, Set<String> methods) {
        super(next);
        this.methods = methods;
        this.orderEnforced = orderEnforced;
        this.locks = locks;
        this.changed = changed;
        this.fields = fields;
        this.bindOnRead = bindOnRead;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.version = version & 0xFFFF;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        for (int id = 0; id < locks.size(); id++) {
            LockRule lock = locks.get(id);
            if ((lock.shape() == LockRule.Shape.STATIC && !isStatic || lock.shape() == LockRule.Shape.FIELD && isStatic)
                    && lock.field().equals(name) && lock.owner().equals(className)) {
                fields.wrongKind(id);
            }
        }
        return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (methods != null && !methods.contains(name + descriptor)) {
            return next;
        }
        next = new MonitorHooks(next, className, name, file, version >= Opcodes.V1_7, changed);
        return new Calls(next, name);
    }

    private final class Calls extends Method {
        private final String name;
        /**
         * The lock whose static field was read last since the last call, or -1: the next call of
         * a {@code lock()} or {@code unlock()} passes the lock's number, so that the hook compares
         * the object with that one lock's, not with every lock's. A hint only: the hook confirms
         * it, so code between that changes the receiver (rare: javac reads the field right before
         * the call) costs one compare, never a wrong count.
         */
        private int fieldRead = -1;

        Calls(MethodVisitor next, String method) {
            super(next, method);
            this.name = method;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            int lockRead = fieldRead;
            fieldRead = -1;
            if (opcode != Opcodes.INVOKESTATIC && opcode != Opcodes.INVOKESPECIAL) {
                LockCalls.Hook hook = LockCalls.find(owner, name, descriptor);
                if (hook != null) {
                    lockCall(hook, opcode, owner, name, descriptor, isInterface, lockRead);
                    changed.run();
                    return;
                }
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        /** {@code lockRead}: the lock whose static field the receiver was likely read from, or -1. */
        private void lockCall(LockCalls.Hook hook, int opcode, String owner, String name, String descriptor,
                              boolean isInterface, int lockRead) {
            if (hook.shape == LockCalls.Shape.REPLACE) {
                if (hook.takesSite) {
                    push(site());
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, hook.name, hook.descriptor, false);
                return;
            }
            boolean known = lockRead >= 0 && hook.shape != LockCalls.Shape.TRIED;
            super.visitInsn(Opcodes.DUP);
            boolean waits = hook.shape == LockCalls.Shape.AFTER || hook.shape == LockCalls.Shape.WAITED;
            if (orderEnforced && waits) {
                // dup; site; acquiring(Object, int): throws instead of letting the call wait
                super.visitInsn(Opcodes.DUP);
                push(site());
                super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, "acquiring", "(Ljava/lang/Object;I)V", false);
            }
            if (hook.shape == LockCalls.Shape.WAITED) {
                super.visitInsn(Opcodes.DUP);
                if (known) {
                    push(lockRead);
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, "locking",
                        known ? "(Ljava/lang/Object;I)V" : "(Ljava/lang/Object;)V", false);
            }
            String descriptorWithLock = known ? "(Ljava/lang/Object;II)V" : hook.descriptor;
            if (hook.shape == LockCalls.Shape.BEFORE) {
                hookArguments(known, lockRead);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, hook.name, descriptorWithLock, false);
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            } else {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                hookArguments(known, lockRead);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, hook.name, descriptorWithLock, false);
            }
        }

        /** After the receiver: the lock's number where it is known, then the site. */
        private void hookArguments(boolean known, int lockRead) {
            if (known) {
                push(lockRead);
            }
            push(site());
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            boolean reference = descriptor.charAt(0) == 'L' || descriptor.charAt(0) == '[';
            fieldRead = opcode == Opcodes.GETSTATIC && reference ? lock(LockRule.Shape.STATIC, owner, name) : -1;
            if (opcode == Opcodes.PUTFIELD && reference) {
                int family = lock(LockRule.Shape.FIELD, owner, name);
                if (family >= 0) {
                    // the value stays under the object and the field's value for the hook
                    super.visitInsn(Opcodes.DUP_X1);
                    super.visitFieldInsn(opcode, owner, name, descriptor);
                    member(family, "assigned");
                    return;
                }
            }
            super.visitFieldInsn(opcode, owner, name, descriptor);
            if (opcode == Opcodes.GETFIELD && reference && bindOnRead) {
                int family = lock(LockRule.Shape.FIELD, owner, name);
                if (family >= 0) {
                    super.visitInsn(Opcodes.DUP);
                    member(family, "read");
                }
            }
            if (opcode != Opcodes.PUTSTATIC || !reference) {
                return;
            }
            for (int id = 0; id < locks.size(); id++) {
                LockRule lock = locks.get(id);
                if (lock.shape() == LockRule.Shape.STATIC && lock.field().equals(name) && lock.owner().equals(owner.replace('/', '.'))) {
                    super.visitFieldInsn(Opcodes.GETSTATIC, owner, name, descriptor);
                    push(id);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, "bind", "(Ljava/lang/Object;I)V", false);
                    changed.run();
                    fields.assigned(id, className + "." + this.name);
                }
            }
        }

        /** The number of the first lock of {@code shape} that names field {@code owner.name}, or -1. */
        private int lock(LockRule.Shape shape, String owner, String name) {
            for (int id = 0; id < locks.size(); id++) {
                LockRule lock = locks.get(id);
                if (lock.shape() == shape && lock.field().equals(name) && lock.owner().equals(owner.replace('/', '.'))) {
                    return id;
                }
            }
            return -1;
        }

        /** The field's value, on the stack, becomes a member of {@code family}. */
        private void member(int family, String how) {
            push(family);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, "member", "(Ljava/lang/Object;I)V", false);
            changed.run();
            fields.assigned(family, className + "." + this.name + " (" + how + ")");
        }

        private void push(int value) {
            Bytecode.pushInt(mv, value);
        }
    }
}
