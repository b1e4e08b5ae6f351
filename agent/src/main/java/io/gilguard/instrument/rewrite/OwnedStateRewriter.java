package io.gilguard.instrument.rewrite;

import io.gilguard.rules.MethodPattern;
import io.gilguard.rules.StateRule;
import io.gilguard.runtime.Sites;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites a class a {@code state} rule names, so that each instance knows its owner thread.
 *
 * <p>When the class is being loaded, it gets two fields: {@code gilguard$owner} (the owner
 * thread) and {@code gilguard$site} (where that thread became the owner). A creator-owned
 * object sets both on entry to its constructor (before {@code super(...)}, as javac sets an inner
 * class's outer instance, so that calls made during construction are the owner's); a binder-owned
 * one in its bind method, and its unbind method clears the owner at each normal return. Each
 * checked method starts with {@code StateHooks.check(owner, site, this, rule, method)}: the
 * JIT inlines it to a read of the owner field and a comparison with the current thread. The
 * fields are {@code private transient} so that they change neither serialization nor the default
 * {@code serialVersionUID}.
 *
 * <p>A class already loaded (retransformation) cannot get fields: it gets the same checks
 * against a weak identity map instead ({@code StateHooks.*Unfielded}), slower, and blind to the
 * objects made before gilguard saw the class.
 */
public final class OwnedStateRewriter extends ClassVisitor {
    static final String OWNER = "gilguard$owner";
    static final String SITE = "gilguard$site";
    private static final String HOOKS = "io/gilguard/runtime/StateHooks";
    private static final String THREAD = "java/lang/Thread";
    private static final String THREAD_DESC = "Ljava/lang/Thread;";
    private static final String CHECK_DESC = "(Ljava/lang/Thread;ILjava/lang/Object;II)";
    private static final String UNFIELDED_DESC = "(Ljava/lang/Object;II)V";
    /** Not checked unless the rule names them: collections and loggers call them from any thread. */
    private static final Set<String> OBJECT_METHODS = Set.of(
            "equals(Ljava/lang/Object;)Z", "hashCode()I", "toString()Ljava/lang/String;", "finalize()V");

    private enum Role { NONE, CONSTRUCTOR, BIND, UNBIND, CHECKED }

    private final StateRule rule;
    private final int ruleId;
    private final boolean fielded;
    private final SourceLines lines;
    private final Set<String> delegating;
    private String internalName;
    private String className;
    private final Runnable changed;
    private boolean skipped;

    /** {@code changed} hears of each change it makes. */
    public OwnedStateRewriter(ClassVisitor next, StateRule rule, int ruleId, boolean fielded, SourceLines lines,
                              Set<String> delegating, Runnable changed) {
        super(Opcodes.ASM9, next);
        this.changed = changed;
        this.rule = rule;
        this.ruleId = ruleId;
        this.fielded = fielded;
        this.lines = lines;
        this.delegating = delegating;
    }

    /** A class that already has the fields (loaded with them, now retransformed) must keep them. */
    public static boolean hasFields(Class<?> type) {
        try {
            for (Field f : type.getDeclaredFields()) {
                if (f.getName().equals(OWNER)) {
                    return true;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // unreadable: treat as a class without them
        }
        return false;
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        internalName = name;
        className = name.replace('/', '.');
        // An interface or an annotation has no instance fields and no constructor to own from.
        skipped = (access & Opcodes.ACC_INTERFACE) != 0;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
        Role role = skipped ? Role.NONE : roleOf(access, name, descriptor);
        if (role == Role.NONE || next == null) {
            return next;
        }
        changed.run();
        int site = Sites.register(className, name, lines.file(), lines.firstLine(name, descriptor));
        return new Prologue(next, role, site);
    }

    @Override
    public void visitEnd() {
        if (fielded && !skipped) {
            int access = Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC;
            super.visitField(access, OWNER, THREAD_DESC, null, null).visitEnd();
            super.visitField(access, SITE, "I", null, null).visitEnd();
            changed.run();
        }
        super.visitEnd();
    }

    private Role roleOf(int access, String name, String descriptor) {
        if ((access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || name.equals("<clinit>")) {
            return Role.NONE;
        }
        boolean binder = rule.owner() == StateRule.Owner.BINDER;
        if (name.equals("<init>")) {
            boolean makesOwner = !fielded || !delegating.contains(descriptor);
            return !binder && makesOwner ? Role.CONSTRUCTOR : Role.NONE;
        }
        List<String> params = TypeNames.parameters(descriptor);
        if (binder && names(rule.bind(), name, params)) {
            return Role.BIND;
        }
        if (binder && names(rule.unbind(), name, params)) {
            return Role.UNBIND;
        }
        if ((access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) != 0) {
            return Role.NONE; // a bridge calls the checked method; a synthetic one is the compiler's
        }
        if (!rule.methods().isEmpty()) {
            for (MethodPattern p : rule.methods()) {
                if (p.matchesMethod(name, params)) {
                    return Role.CHECKED;
                }
            }
            return Role.NONE;
        }
        if ((access & Opcodes.ACC_PRIVATE) != 0 || OBJECT_METHODS.contains(name + descriptor)) {
            return Role.NONE; // private ones are reached through checked ones
        }
        return Role.CHECKED;
    }

    private static boolean names(MethodPattern p, String name, List<String> params) {
        return p != null && p.matchesMethod(name, params);
    }

    /** Inserts a role's code at the start of a method and, where the role needs it, before its returns. */
    private final class Prologue extends MethodVisitor {
        private final Role role;
        private final int site;

        Prologue(MethodVisitor next, Role role, int site) {
            super(Opcodes.ASM9, next);
            this.role = role;
            this.site = site;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (fielded) {
                fieldedEntry();
            } else {
                unfieldedEntry();
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                if (role == Role.UNBIND && fielded) {
                    // The binder let it go: nobody owns it now. The return value stays below.
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitInsn(Opcodes.ACONST_NULL);
                    super.visitFieldInsn(Opcodes.PUTFIELD, internalName, OWNER, THREAD_DESC);
                } else if (role == Role.UNBIND) {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "unboundUnfielded", "(Ljava/lang/Object;)V", false);
                } else if (role == Role.CONSTRUCTOR && !fielded) {
                    hook("createdUnfielded", UNFIELDED_DESC);
                }
            }
            super.visitInsn(opcode);
        }

        private void fieldedEntry() {
            switch (role) {
                case CONSTRUCTOR:
                    // 'this' is not initialized yet: only putfield to its own fields is allowed here.
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, THREAD, "currentThread", "()" + THREAD_DESC, false);
                    super.visitFieldInsn(Opcodes.PUTFIELD, internalName, OWNER, THREAD_DESC);
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    Bytecode.pushInt(mv, site);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, "io/gilguard/runtime/CallSites", "take", "(I)I", false);
                    super.visitFieldInsn(Opcodes.PUTFIELD, internalName, SITE, "I");
                    break;
                case BIND:
                    // this.site = StateHooks.binding(...); this.owner = Thread.currentThread();
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    checkCall("binding", "I");
                    super.visitFieldInsn(Opcodes.PUTFIELD, internalName, SITE, "I");
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, THREAD, "currentThread", "()" + THREAD_DESC, false);
                    super.visitFieldInsn(Opcodes.PUTFIELD, internalName, OWNER, THREAD_DESC);
                    break;
                case UNBIND:
                    checkCall("unbinding", "V");
                    break;
                case CHECKED:
                    checkCall("check", "V");
                    break;
                default:
                    break;
            }
        }

        /** {@code StateHooks.NAME(this.owner, this.site, this, rule, site)}. */
        private void checkCall(String name, String returns) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitFieldInsn(Opcodes.GETFIELD, internalName, OWNER, THREAD_DESC);
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitFieldInsn(Opcodes.GETFIELD, internalName, SITE, "I");
            super.visitVarInsn(Opcodes.ALOAD, 0);
            Bytecode.pushInt(mv, ruleId);
            Bytecode.pushInt(mv, site);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, name, CHECK_DESC + returns, false);
        }

        private void unfieldedEntry() {
            switch (role) {
                case BIND:
                    hook("bindingUnfielded", UNFIELDED_DESC);
                    break;
                case UNBIND:
                    hook("unbindingUnfielded", UNFIELDED_DESC);
                    break;
                case CHECKED:
                    hook("checkUnfielded", UNFIELDED_DESC);
                    break;
                default:
                    break; // a constructor records its object at its returns, once 'this' is complete
            }
        }

        /** {@code StateHooks.NAME(this, rule, site)}. */
        private void hook(String name, String descriptor) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
            Bytecode.pushInt(mv, ruleId);
            Bytecode.pushInt(mv, site);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, name, descriptor, false);
        }
    }
}
