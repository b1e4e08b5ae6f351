package io.gilguard.instrument.advice;

import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.DeclaredType;
import io.gilguard.instrument.Excluded;
import io.gilguard.runtime.Errors;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * The advice route's transformer, at start-up and at attach. A class is read for its header
 * ({@link ClassHeader}), which describes it ({@link DeclaredType}; the class files of its
 * supertypes are read through its loader only when a seam asks, and no class is loaded); the
 * seams say what goes on each method ({@link Advising#advice}), and {@link AdviceWeaver} writes
 * it with ASM.
 *
 * <p>At start-up only classes being loaded are changed, and native methods are wrapped under
 * {@link Advising#NATIVE_PREFIX}; at attach loaded classes are retransformed too (the caller
 * chooses which), and no class changes shape. A class in a named module is made to read the
 * runtime; a failure is said, never thrown.
 */
final class AdviceTransformer implements ClassFileTransformer {
    private final Advising advising;
    private final Instrumentation instrumentation;
    private final boolean startUp;
    private final Consumer<String> errors;
    private final Consumer<String> changed;
    private final Module runtime = Errors.class.getModule();
    /**
     * A class loaded while this thread transforms another (its loader reading a class file) is left
     * alone. A flag in place, set and cleared, not a value set and removed: a removed value is made
     * again at the next class, three look-ups in the thread's map where one will do.
     */
    private final ThreadLocal<boolean[]> busy = new ThreadLocal<>() {
        @Override
        protected boolean[] initialValue() {
            return new boolean[1];
        }
    };

    /** {@code changed} (or null) hears the name of each class changed. */
    AdviceTransformer(Advising advising, Instrumentation instrumentation, boolean startUp, Consumer<String> errors,
                      Consumer<String> changed) {
        this.advising = advising;
        this.instrumentation = instrumentation;
        this.startUp = startUp;
        this.errors = errors;
        this.changed = changed;
        // Loaded now, before the transformer is registered (see ClassRewrites).
        Excluded.of(AdviceTransformer.class);
        busy.get();
    }

    /** Registers it; at start-up, with its native method prefix. */
    AdviceTransformer install() {
        instrumentation.addTransformer(this, !startUp);
        if (startUp) {
            instrumentation.setNativeMethodPrefix(this, Advising.NATIVE_PREFIX);
        }
        return this;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if ((redefined != null && startUp) || className == null) {
            return null;
        }
        String name = className.replace('/', '.');
        boolean[] transforming = busy.get();
        if (transforming[0] || Excluded.of(name, loader, module)) {
            return null;
        }
        transforming[0] = true;
        try {
            ClassHeader header = ClassHeader.ofTransformed(bytes);
            if (!advising.mayAdvise(header)) {
                return null;
            }
            DeclaredType type = DeclaredType.of(header, loader);
            if (type.isSynthetic() || !advising.matches(type)) {
                return null;
            }
            Map<String, List<Advice>> advice = advising.advice(type, bytes);
            if (advice.isEmpty()) {
                return null;
            }
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new AdviceWeaver(writer, advice, startUp, errors),
                    ClassReader.EXPAND_FRAMES);
            byte[] woven = writer.toByteArray();
            readRuntime(module);
            if (changed != null) {
                changed.accept(name);
            }
            return woven;
        } catch (Throwable t) {
            errors.accept("cannot instrument " + name + ": " + t);
            return null;
        } finally {
            transforming[0] = false;
        }
    }

    /** A class in a named module must be allowed to read the runtime its advice calls. */
    private void readRuntime(Module module) {
        if (module != null && module.isNamed() && !module.canRead(runtime)) {
            instrumentation.redefineModule(module, Set.of(runtime), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }
}
