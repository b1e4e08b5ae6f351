package io.gilguard.instrument;

import io.gilguard.rules.LockRule;
import io.gilguard.rules.MethodPattern;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Sites;
import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites, inside one class, the call sites gilguard follows: calls of lock methods tell
 * {@code LockHooks} (see {@link LockCalls}), {@code synchronized} blocks report enter and exit ({@link MonitorHooks}), calls of a method-pair
 * lock's methods leave their site for the methods' own advice ({@link PairAdvice}), and the
 * assignment of a named static lock field binds the lock's object. Each rewritten call site gets
 * its site number here. Nothing is added but instructions: no methods, no fields, so the same
 * rewrite serves classes loaded later and classes already loaded (retransformation).
 */
final class CallSiteRewriter extends ClassVisitor {
    private final RuleSet rules;
    private final boolean staticLocks;
    private String className;
    private String file;
    private int version;
    private boolean changed;

    CallSiteRewriter(ClassVisitor next, RuleSet rules) {
        super(Opcodes.ASM9, next);
        this.rules = rules;
        this.staticLocks = rules.locks().stream().anyMatch(l -> l.shape() == LockRule.Shape.STATIC);
    }

    boolean changed() {
        return changed;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name.replace('/', '.');
        this.version = version & 0xFFFF;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public void visitSource(String source, String debug) {
        file = source;
        super.visitSource(source, debug);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        if (staticLocks) {
            next = new MonitorHooks(next, className, name, file, version >= Opcodes.V1_7, () -> changed = true);
        }
        return new Method(next, name);
    }

    private final class Method extends MethodVisitor {
        private final String method;
        private int line = -1;

        Method(MethodVisitor next, String method) {
            super(Opcodes.ASM9, next);
            this.method = method;
        }

        @Override
        public void visitLineNumber(int lineNumber, org.objectweb.asm.Label start) {
            line = lineNumber;
            super.visitLineNumber(lineNumber, start);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (staticLocks && opcode != Opcodes.INVOKESTATIC && opcode != Opcodes.INVOKESPECIAL) {
                LockCalls.Hook hook = LockCalls.find(owner, name, descriptor);
                if (hook != null) {
                    lockCall(hook, opcode, owner, name, descriptor, isInterface);
                    changed = true;
                    return;
                }
            }
            if (pairMethod(owner, name, descriptor)) {
                push(site());
                super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, "pairCall", "(I)V", false);
                changed = true;
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        private void lockCall(LockCalls.Hook hook, int opcode, String owner, String name, String descriptor,
                              boolean isInterface) {
            if (hook.shape == LockCalls.Shape.REPLACE) {
                if (hook.takesSite) {
                    push(site());
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, hook.name, hook.descriptor, false);
                return;
            }
            super.visitInsn(Opcodes.DUP);
            if (hook.shape == LockCalls.Shape.BEFORE) {
                push(site());
                super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, hook.name, hook.descriptor, false);
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            } else {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                push(site());
                super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, hook.name, hook.descriptor, false);
            }
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            super.visitFieldInsn(opcode, owner, name, descriptor);
            if (opcode != Opcodes.PUTSTATIC || descriptor.charAt(0) != 'L' && descriptor.charAt(0) != '[') {
                return;
            }
            List<LockRule> locks = rules.locks();
            String dotted = owner.replace('/', '.');
            for (int id = 0; id < locks.size(); id++) {
                LockRule lock = locks.get(id);
                if (lock.shape() == LockRule.Shape.STATIC && lock.field().equals(name) && lock.owner().equals(dotted)) {
                    super.visitFieldInsn(Opcodes.GETSTATIC, owner, name, descriptor);
                    push(id);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, LockCalls.HOOKS, "bind", "(Ljava/lang/Object;I)V", false);
                    changed = true;
                }
            }
        }

        /** Does this call name the acquire or release method of a pair lock? */
        private boolean pairMethod(String owner, String name, String descriptor) {
            for (LockRule lock : rules.locks()) {
                if (lock.shape() == LockRule.Shape.PAIR
                        && (names(lock.acquire(), owner, name, descriptor) || names(lock.release(), owner, name, descriptor))) {
                    return true;
                }
            }
            return false;
        }

        private boolean names(MethodPattern p, String owner, String name, String descriptor) {
            return p.method().matches(name) && p.matchesType(owner.replace('/', '.'))
                    && p.matchesMethod(name, TypeNames.parameters(descriptor));
        }

        private int site() {
            return Sites.register(className, method, file, line);
        }

        private void push(int value) {
            Bytecode.pushInt(mv, value);
        }
    }

}
