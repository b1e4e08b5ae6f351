package io.gilguard.instrument.rewrite;

import io.gilguard.instrument.ClassFile;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.Excluded;
import io.gilguard.instrument.Phase;
import io.gilguard.instrument.Seam;
import io.gilguard.runtime.Errors;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;

/**
 * The rewrite route: every seam's rewrite of a class, in one pass, as the class loads or is
 * retransformed. The seams' visitors are chained in the seams' order, the first reading the
 * class first. The JDK and gilguard itself are left alone: their lock calls are not the
 * application's.
 */
public final class ClassRewrites implements ClassFileTransformer {
    private final List<Seam> seams;
    private final Phase phase;
    private final Instrumentation instrumentation;
    private final Consumer<String> errors;
    private final Consumer<String> changed;
    private final Module runtime = Errors.class.getModule();

    /** {@code errors} hears of what could not be rewritten; {@code changed} (if not null), of each class rewritten (by name). */
    public ClassRewrites(List<Seam> seams, Phase phase, Instrumentation instrumentation, Consumer<String> errors,
                         Consumer<String> changed) {
        this.seams = seams;
        this.phase = phase;
        this.instrumentation = instrumentation;
        this.errors = errors;
        this.changed = changed;
        // Loaded now, before the transformer is registered: each transform asks Excluded first,
        // and if the first transform loaded it, the transform run for that very load would load
        // it again, nested, and its definition would then fail as a duplicate.
        Excluded.of(ClassRewrites.class);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        byte[] out = rewrite(module, loader, className, redefined, bytes);
        if (out != null && changed != null) {
            changed.accept(className.replace('/', '.'));
        }
        return out;
    }

    /** Whether the rewrites would change this loaded class; nothing is noted as changed. */
    public boolean wouldChange(Class<?> c, byte[] bytes) {
        return rewrite(c.getModule(), c.getClassLoader(), c.getName().replace('.', '/'), null, bytes) != null;
    }

    private byte[] rewrite(Module module, ClassLoader loader, String className, Class<?> redefined, byte[] bytes) {
        if (loader == null || className == null || Excluded.of(className.replace('/', '.'), loader, module)) {
            return null;
        }
        try {
            ClassHeader header = header(bytes);
            boolean[] may = mayRewrite(header);
            if (may == null) {
                return null;
            }
            ClassFile file = new ClassFile(className, bytes, header, loader, redefined, phase, errors);
            ClassWriter writer = new ClassWriter(file.reader(), ClassWriter.COMPUTE_MAXS);
            ClassVisitor chain = writer;
            for (int i = seams.size() - 1; i >= 0; i--) {
                if (may[i]) {
                    chain = seams.get(i).rewrite(chain, file);
                }
            }
            if (chain == writer) {
                return null;
            }
            file.reader().accept(chain, file.framesExpanded() ? ClassReader.EXPAND_FRAMES : 0);
            if (!file.isChanged()) {
                return null;
            }
            readRuntime(module);
            return writer.toByteArray();
        } catch (Throwable t) {
            Errors.internal(t);
            errors.accept("cannot rewrite " + className.replace('/', '.') + ": " + t);
            return null;
        }
    }

    /** The class file's header; null when gilguard's reader cannot read it (then ASM reads it, as always). */
    private static ClassHeader header(byte[] bytes) {
        try {
            return ClassHeader.ofTransformed(bytes);
        } catch (IllegalArgumentException unread) {
            return null;
        }
    }

    /**
     * Per seam, whether it may change the class, or null when none may: only those are chained,
     * so that a class one seam rewrites is not read again by the others'. A class whose header
     * could not be read goes to every seam.
     */
    private boolean[] mayRewrite(ClassHeader header) {
        boolean[] may = new boolean[seams.size()];
        boolean any = false;
        for (int i = 0; i < may.length; i++) {
            may[i] = header == null || seams.get(i).mayRewrite(header);
            any |= may[i];
        }
        return any ? may : null;
    }

    /** A class in a named module must be allowed to read the runtime it now calls. */
    private void readRuntime(Module module) {
        if (module != null && module.isNamed() && !module.canRead(runtime)) {
            instrumentation.redefineModule(module, Set.of(runtime), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }
}
