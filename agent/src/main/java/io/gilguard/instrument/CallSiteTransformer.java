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
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Runs {@link CallSiteRewriter} over every application class as it is loaded (or retransformed),
 * and {@link OwnedStateRewriter} over the classes of thread state. The JDK and gilguard itself
 * are left alone: their lock calls are not the application's.
 */
public final class CallSiteTransformer implements ClassFileTransformer {
    private final RuleSet rules;
    private final Instrumentation instrumentation;
    private final Coverage coverage;
    private final boolean addsFields;
    private final Module runtime;
    private final Consumer<String> errors;

    public CallSiteTransformer(RuleSet rules, Instrumentation instrumentation) {
        this(rules, instrumentation, Errors::note, null, true);
    }

    /** At start-up: {@code coverage} hears of the state classes seen. */
    public CallSiteTransformer(RuleSet rules, Instrumentation instrumentation, Coverage coverage) {
        this(rules, instrumentation, Errors::note, coverage, true);
    }

    /**
     * At attach: {@code errors} hears, one line each, of every class that could not be rewritten.
     * A class of thread state never gets its owner fields then, not even one loaded after the
     * attach, so that a detach can give every class back its own code (a field cannot be taken
     * away): owners are kept in the fallback's weak map.
     */
    public CallSiteTransformer(RuleSet rules, Instrumentation instrumentation, Consumer<String> errors) {
        this(rules, instrumentation, errors, null, false);
    }

    /** At attach, and {@code coverage} hears of the state classes seen. */
    public CallSiteTransformer(RuleSet rules, Instrumentation instrumentation, Consumer<String> errors,
                               Coverage coverage) {
        this(rules, instrumentation, errors, coverage, false);
    }

    private CallSiteTransformer(RuleSet rules, Instrumentation instrumentation, Consumer<String> errors,
                                Coverage coverage, boolean addsFields) {
        this.rules = rules;
        this.instrumentation = instrumentation;
        this.coverage = coverage;
        this.addsFields = addsFields;
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
            ClassVisitor next = writer;
            OwnedStateRewriter owned = null;
            int state = rules.stateOf(className.replace('/', '.'));
            if (state >= 0 && (reader.getAccess() & Opcodes.ACC_INTERFACE) == 0) {
                // Fields can be added while a class loads, not when it is retransformed, unless
                // it got them when it loaded (then it must keep them).
                boolean fielded = redefined == null ? addsFields : OwnedStateRewriter.hasFields(redefined);
                if (!fielded) {
                    Errors.note("state " + className.replace('/', '.') + (addsFields ? " was loaded before gilguard"
                            : " is checked by an attached gilguard") + ": its owners are kept in a weak map (a map"
                            + " look-up per checked call), and its objects made before gilguard saw it are not checked");
                }
                owned = new OwnedStateRewriter(writer, rules.states().get(state), state, fielded,
                        SourceLines.of(bytes), Constructors.delegating(reader));
                next = owned;
                if (coverage != null) {
                    coverage.stateSeen(state);
                }
            }
            CallSiteRewriter rewriter = new CallSiteRewriter(next, rules);
            reader.accept(rewriter, 0);
            if (!rewriter.changed() && (owned == null || !owned.changed())) {
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
