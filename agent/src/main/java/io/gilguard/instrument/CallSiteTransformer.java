package io.gilguard.instrument;

import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Errors;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * Runs {@link CallSiteRewriter} over every application class as it is loaded (or retransformed).
 * The JDK and gilguard itself are left alone: their lock calls are not the application's.
 */
public final class CallSiteTransformer implements ClassFileTransformer {
    private final RuleSet rules;
    private final Instrumentation instrumentation;
    private final Module runtime;
    private final Consumer<String> errors;

    public CallSiteTransformer(RuleSet rules, Instrumentation instrumentation) {
        this(rules, instrumentation, Errors::note);
    }

    /** {@code errors} hears, one line each, of every class that could not be rewritten. */
    public CallSiteTransformer(RuleSet rules, Instrumentation instrumentation, Consumer<String> errors) {
        this.rules = rules;
        this.instrumentation = instrumentation;
        this.runtime = Errors.class.getModule();
        this.errors = errors;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (loader == null || className == null || Excluded.name(className.replace('/', '.'))) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            CallSiteRewriter rewriter = new CallSiteRewriter(writer, rules);
            reader.accept(rewriter, 0);
            if (!rewriter.changed()) {
                return null;
            }
            readRuntime(module);
            return writer.toByteArray();
        } catch (Throwable t) {
            Errors.internal(t);
            errors.accept("cannot rewrite the lock calls of " + className.replace('/', '.') + ": " + t);
            return null;
        }
    }

    /** A class in a named module must be allowed to read the runtime it now calls. */
    private void readRuntime(Module module) {
        if (module != null && module.isNamed() && !module.canRead(runtime)) {
            instrumentation.redefineModule(module, Set.of(runtime), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }
}
