package io.gilguard.instrument.rewrite;

import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Where the lock object of an acquisition or release comes from, read from the method's
 * bytecode, in the form a rules file names it: {@code static C.F} (a static field's),
 * {@code field C.F} (an instance field's: a family), {@code monitor C} ({@code this} of a class C,
 * for {@code synchronized (this)}: a family). The value is followed back through the copies
 * javac makes ({@code dup}, a local variable, {@code checkcast}); anything else (a parameter, a
 * method's result, two sources that differ) has no form: null.
 */
final class LockOrigins {
    private static final int MAX_STEPS = 12;

    private final String owner;
    private final boolean instanceMethod;
    private final MethodNode method;
    private final Frame<SourceValue>[] frames;

    private LockOrigins(String owner, MethodNode method, Frame<SourceValue>[] frames) {
        this.owner = owner;
        this.instanceMethod = (method.access & Opcodes.ACC_STATIC) == 0;
        this.method = method;
        this.frames = frames;
    }

    /** null when the method cannot be analysed (then nothing in it is followed). */
    static LockOrigins of(String owner, MethodNode method) {
        try {
            return new LockOrigins(owner, method, new Analyzer<>(new SourceInterpreter()).analyze(owner, method));
        } catch (AnalyzerException | RuntimeException e) {
            return null;
        }
    }

    /** The form of the value {@code fromTop} entries below the top of the stack at {@code insn}, or null. */
    String stackValue(AbstractInsnNode insn, int fromTop) {
        Frame<SourceValue> f = frames[method.instructions.indexOf(insn)];
        if (f == null || f.getStackSize() <= fromTop) {
            return null; // unreachable code
        }
        return form(f.getStack(f.getStackSize() - 1 - fromTop), 0);
    }

    private String form(SourceValue value, int steps) {
        Set<AbstractInsnNode> sources = value.insns;
        if (steps > MAX_STEPS || sources.isEmpty()) {
            return null;
        }
        String found = null;
        for (AbstractInsnNode source : sources) {
            String f = formOf(source, steps);
            if (f == null || found != null && !found.equals(f)) {
                return null;
            }
            found = f;
        }
        return found;
    }

    private String formOf(AbstractInsnNode source, int steps) {
        switch (source.getOpcode()) {
            case Opcodes.GETSTATIC:
                return "static " + dotted(((FieldInsnNode) source).owner) + "." + ((FieldInsnNode) source).name;
            case Opcodes.GETFIELD:
                return "field " + dotted(((FieldInsnNode) source).owner) + "." + ((FieldInsnNode) source).name;
            case Opcodes.DUP:
            case Opcodes.CHECKCAST:
            case Opcodes.ASTORE:
                return stackTop(source, steps);
            case Opcodes.ALOAD:
                return local(source, ((VarInsnNode) source).var, steps);
            default:
                return null;
        }
    }

    private String stackTop(AbstractInsnNode insn, int steps) {
        Frame<SourceValue> f = frames[method.instructions.indexOf(insn)];
        return f == null || f.getStackSize() == 0 ? null : form(f.getStack(f.getStackSize() - 1), steps + 1);
    }

    private String local(AbstractInsnNode load, int var, int steps) {
        Frame<SourceValue> f = frames[method.instructions.indexOf(load)];
        if (f == null) {
            return null;
        }
        SourceValue v = f.getLocal(var);
        if (v.insns.isEmpty()) {
            // never stored in this method: a parameter, or this
            return var == 0 && instanceMethod ? "monitor " + dotted(owner) : null;
        }
        return form(v, steps + 1);
    }

    static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }
}
