package io.gilguard.instrument.rewrite;

import io.gilguard.runtime.Sites;
import java.util.ArrayDeque;
import java.util.Deque;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Leaves a call's site for the callee's advice: before each call of a method a seam follows in
 * the callee (a pair lock's method, a token's save or restore, an owned state's constructor,
 * bind or unbind), the call site's number is parked on the ledger ({@code CallSites.park}), so
 * that the report names the Java caller's line without a stack walk. Adds instructions only.
 */
public final class CallSiteHandOver extends ClassVisitor {
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
    private String className;
    private String file;

    public CallSiteHandOver(ClassVisitor next, Callees callees, Runnable changed) {
        super(Opcodes.ASM9, next);
        this.callees = callees;
        this.changed = changed;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name.replace('/', '.');
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public void visitSource(String source, String debug) {
        file = source;
        super.visitSource(source, debug);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        return new Method(super.visitMethod(access, name, descriptor, signature, exceptions), name);
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
        public void visitLineNumber(int lineNumber, Label start) {
            line = lineNumber;
            super.visitLineNumber(lineNumber, start);
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
                Bytecode.pushInt(mv, Sites.register(className, method, file, line));
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
