package io.gilguard.instrument.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A method reference that implements an upcall gets a boundary of its own: the class that makes
 * it gains a {@code private static synthetic} bridge that enters the boundary, calls the
 * referenced method and leaves it, and the {@code invokedynamic} site is pointed at the bridge.
 * The referenced method itself is left alone: called directly, it is no upcall. A class gains a
 * method only as it loads, so this is a start-up rewrite.
 *
 * <pre>
 *   static R gilguard$ref$N(A a, B b) {
 *       Ledger l = Boundaries.enterUpcall(ID, SHAPE);  // or enterEnforced(ID): a refusal is thrown
 *       try { return TARGET(a, b); } catch (Throwable t) { Boundaries.exitThrown(ID, SHAPE, l); throw t; }
 *       finally-like: Boundaries.exit(ID, SHAPE, l) before the return
 *   }
 * </pre>
 */
public final class MethodReferenceBridges extends ClassVisitor {
    private static final String BOUNDARIES = "io/gilguard/runtime/Boundaries";
    private static final String LEDGER = "io/gilguard/runtime/Ledger";
    private static final String REFUSAL = "io/gilguard/runtime/GilguardError";
    private static final String PREFIX = "gilguard$ref$";

    /** A method reference to bridge: its boundary, and whether a policy there is enforced. */
    public record Bridge(int boundary, boolean enforced) {}

    private final Map<String, Bridge> bridges;
    private final Runnable changed;
    private final List<Emitted> emitted = new ArrayList<>();
    private String className;

    private record Emitted(String name, String descriptor, Handle target, Bridge bridge) {}

    /** {@code bridges}: by the {@link #key} of the method reference sites to bridge; never in an interface. */
    public MethodReferenceBridges(ClassVisitor next, Map<String, Bridge> bridges, Runnable changed) {
        super(Opcodes.ASM9, next);
        this.bridges = bridges;
        this.changed = changed;
    }

    /**
     * A method reference site: the method referenced, the interface made ({@code iface}, internal
     * name) and the method it implements. The same method referenced as another interface is another site.
     */
    public static String key(Handle impl, String iface, String sam) {
        return impl + "|" + iface + "|" + sam;
    }

    /** Whether a method reference of this kind can be called from a static bridge (not a constructor reference). */
    public static boolean bridgeable(Handle impl, String caller) {
        switch (impl.getTag()) {
            case Opcodes.H_INVOKESTATIC:
            case Opcodes.H_INVOKEVIRTUAL:
            case Opcodes.H_INVOKEINTERFACE:
                return true;
            case Opcodes.H_INVOKESPECIAL:
                return impl.getOwner().equals(caller);
            default:
                return false;
        }
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name;
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
            @Override
            public void visitInvokeDynamicInsn(String sam, String indy, Handle bootstrap, Object... args) {
                Bridge bridge = args.length > 1 && args[1] instanceof Handle
                        ? bridges.get(key((Handle) args[1], Type.getReturnType(indy).getInternalName(), sam)) : null;
                if (bridge != null) {
                    Handle target = (Handle) args[1];
                    String bridgeName = PREFIX + emitted.size();
                    String bridgeDescriptor = flattened(target);
                    emitted.add(new Emitted(bridgeName, bridgeDescriptor, target, bridge));
                    Object[] pointed = args.clone();
                    pointed[1] = new Handle(Opcodes.H_INVOKESTATIC, className, bridgeName, bridgeDescriptor, false);
                    args = pointed;
                    changed.run();
                }
                super.visitInvokeDynamicInsn(sam, indy, bootstrap, args);
            }
        };
    }

    @Override
    public void visitEnd() {
        for (Emitted e : emitted) {
            emit(e);
        }
        super.visitEnd();
    }

    /** The bridge's parameters: the receiver first for an instance method, then the method's own. */
    private static String flattened(Handle target) {
        if (target.getTag() == Opcodes.H_INVOKESTATIC) {
            return target.getDesc();
        }
        Type method = Type.getMethodType(target.getDesc());
        Type[] own = method.getArgumentTypes();
        Type[] all = new Type[own.length + 1];
        all[0] = Type.getObjectType(target.getOwner());
        System.arraycopy(own, 0, all, 1, own.length);
        return Type.getMethodDescriptor(method.getReturnType(), all);
    }

    private void emit(Emitted e) {
        MethodVisitor mv = super.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                e.name(), e.descriptor(), null, null);
        Type type = Type.getMethodType(e.descriptor());
        Type[] params = type.getArgumentTypes();
        int ledger = 0;
        List<Object> locals = new ArrayList<>();
        for (Type p : params) {
            ledger += p.getSize();
            locals.add(Bytecode.frameType(p));
        }
        mv.visitCode();
        if (e.bridge().enforced()) {
            Bytecode.pushInt(mv, e.bridge().boundary());
            // enterEnforced answers the ledger, or the refusal to throw instead of the call
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, BOUNDARIES, "enterEnforced", "(I)Ljava/lang/Object;", false);
            mv.visitVarInsn(Opcodes.ASTORE, ledger);
            mv.visitVarInsn(Opcodes.ALOAD, ledger);
            mv.visitTypeInsn(Opcodes.INSTANCEOF, REFUSAL);
            Label allowed = new Label();
            mv.visitJumpInsn(Opcodes.IFEQ, allowed);
            mv.visitVarInsn(Opcodes.ALOAD, ledger);
            mv.visitTypeInsn(Opcodes.CHECKCAST, REFUSAL);
            mv.visitInsn(Opcodes.ATHROW);
            mv.visitLabel(allowed);
            List<Object> withObject = new ArrayList<>(locals);
            withObject.add("java/lang/Object");
            mv.visitFrame(Opcodes.F_NEW, withObject.size(), withObject.toArray(), 0, new Object[0]);
            mv.visitVarInsn(Opcodes.ALOAD, ledger);
            mv.visitTypeInsn(Opcodes.CHECKCAST, LEDGER);
        } else {
            BoundaryCalls.enter(mv, e.bridge().boundary(), false);
        }
        mv.visitVarInsn(Opcodes.ASTORE, ledger);
        locals.add(LEDGER);
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        mv.visitTryCatchBlock(start, end, handler, null);
        mv.visitLabel(start);
        int slot = 0;
        for (Type p : params) {
            mv.visitVarInsn(p.getOpcode(Opcodes.ILOAD), slot);
            slot += p.getSize();
        }
        Handle t = e.target();
        int opcode = t.getTag() == Opcodes.H_INVOKESTATIC ? Opcodes.INVOKESTATIC
                : t.getTag() == Opcodes.H_INVOKEINTERFACE ? Opcodes.INVOKEINTERFACE
                : t.getTag() == Opcodes.H_INVOKESPECIAL ? Opcodes.INVOKESPECIAL : Opcodes.INVOKEVIRTUAL;
        mv.visitMethodInsn(opcode, t.getOwner(), t.getName(), t.getDesc(), t.isInterface());
        mv.visitLabel(end);
        BoundaryCalls.exit(mv, e.bridge().boundary(), ledger);
        mv.visitInsn(type.getReturnType().getOpcode(Opcodes.IRETURN));
        mv.visitLabel(handler);
        mv.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), 1, new Object[] {"java/lang/Throwable"});
        BoundaryCalls.exitThrown(mv, e.bridge().boundary(), ledger);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitMaxs(0, 0); // computed by the class writer
        mv.visitEnd();
    }
}
