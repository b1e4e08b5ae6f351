package io.gilguard.instrument.rewrite;

import java.util.ArrayDeque;
import java.util.Deque;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Leaves a call's site for the callee's advice: before each call of a method a seam follows in
 * the callee (a pair lock's method, a token's save or restore, an owned state's constructor,
 * bind or unbind), the call site's number is parked on the ledger ({@code CallSites.park}), so
 * that the report names the Java caller's line without a stack walk. Adds instructions only.
 */
public final class CallSiteHandOver extends Located {
    private static final String CALL_SITES = "io/gilguard/runtime/CallSites";

    /** The callees whose callers' sites are handed over. */
    public interface Callees {
        /**
         * Whether a call of {@code owner.name descriptor} (owner with slashes) hands its site
         * over. A constructor is asked only for {@code new X(...)}, never for a constructor's own
         * {@code super(...)} or {@code this(...)}.
         */
        boolean takeSite(String owner, String name, String descriptor);
    }

    private final Callees callees;
    private final Runnable changed;

    public CallSiteHandOver(ClassVisitor next, Callees callees, Runnable changed) {
        super(next);
        this.callees = callees;
        this.changed = changed;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        return new Calls(super.visitMethod(access, name, descriptor, signature, exceptions), name);
    }

    private final class Calls extends Method {
        /** The classes of the {@code new} instructions whose constructor call is still to come. */
        private final Deque<String> news = new ArrayDeque<>();

        Calls(MethodVisitor next, String method) {
            super(next, method);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW) {
                news.push(type);
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (handsOver(opcode, owner, name, descriptor)) {
                Bytecode.pushInt(mv, site());
                super.visitMethodInsn(Opcodes.INVOKESTATIC, CALL_SITES, "park", "(I)V", false);
                changed.run();
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        private boolean handsOver(int opcode, String owner, String name, String descriptor) {
            if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>")) {
                if (news.isEmpty() || !news.peek().equals(owner)) {
                    return false; // super(...) or this(...)
                }
                news.pop();
            }
            return callees.takeSite(owner, name, descriptor);
        }
    }
}
