package io.gilguard.instrument;

import io.gilguard.rules.LockRule;
import io.gilguard.rules.MethodPattern;
import io.gilguard.rules.RuleSet;
import io.gilguard.rules.StateRule;
import io.gilguard.rules.TokenRule;
import io.gilguard.runtime.Sites;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites, inside one class, the call sites gilguard follows: calls of lock methods tell
 * {@code LockHooks} (see {@link LockCalls}), {@code synchronized} blocks report enter and exit ({@link MonitorHooks}), calls of a method-pair
 * lock's methods leave their site for the methods' own advice ({@link PairAdvice}), as do the
 * creation of a creator-owned state, the calls of a bound state's bind and unbind methods
 * ({@link OwnedStateRewriter}) and the calls of a token's save and restore methods
 * ({@link TokenAdvice}), and the assignment of a named static lock field binds the lock's object. Each rewritten call site gets
 * its site number here. Nothing is added but instructions: no methods, no fields, so the same
 * rewrite serves classes loaded later and classes already loaded (retransformation). (The
 * classes of thread state themselves get fields, from {@link OwnedStateRewriter}.)
 */
final class CallSiteRewriter extends ClassVisitor {
    private static final String CALL_SITES = "io/gilguard/runtime/CallSites";
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
        /** The classes of the {@code new} instructions whose constructor call is still to come. */
        private final Deque<String> news = new ArrayDeque<>();

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
            if (pairMethod(owner, name, descriptor) || stateCall(opcode, owner, name, descriptor)) {
                // The callee's advice names this line as where the lock, state or token was taken.
                push(site());
                super.visitMethodInsn(Opcodes.INVOKESTATIC, CALL_SITES, "park", "(I)V", false);
                changed = true;
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW) {
                news.push(type);
            }
            super.visitTypeInsn(opcode, type);
        }

        /**
         * Does this call create a creator-owned state ({@code new}, not a constructor's own
         * {@code super(...)} or {@code this(...)}), bind or unbind a bound state, or save or
         * restore a token? Then its site is left for the callee.
         */
        private boolean stateCall(int opcode, String owner, String name, String descriptor) {
            String type = owner.replace('/', '.');
            if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>")) {
                if (news.isEmpty() || !news.peek().equals(owner)) {
                    return false;
                }
                news.pop();
                int rule = rules.stateOf(type);
                return rule >= 0 && rules.states().get(rule).owner() == StateRule.Owner.CREATOR;
            }
            int rule = rules.stateOf(type);
            if (rule >= 0 && rules.states().get(rule).owner() == StateRule.Owner.BINDER) {
                StateRule state = rules.states().get(rule);
                List<String> params = TypeNames.parameters(descriptor);
                if (state.bind().matchesMethod(name, params)
                        || state.unbind() != null && state.unbind().matchesMethod(name, params)) {
                    return true;
                }
            }
            for (TokenRule token : rules.tokens()) {
                if (names(token.save(), owner, name, descriptor) || names(token.restore(), owner, name, descriptor)) {
                    return true;
                }
            }
            return false;
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
