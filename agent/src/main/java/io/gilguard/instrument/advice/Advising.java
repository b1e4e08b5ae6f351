package io.gilguard.instrument.advice;

import io.gilguard.instrument.AdvisedMethod;
import io.gilguard.instrument.ClassFiles;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.Excluded;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.rewrite.SourceLines;
import io.gilguard.runtime.Boundaries;
import io.gilguard.runtime.Errors;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.SuperMethodCall;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * The advice route: every seam's advice on the methods a class declares, through one
 * transformer. Advice is inlined into methods with code; a {@code native} method has none, so at
 * start-up it is wrapped through the JVM's native method prefix (JNI symbol lookup and
 * {@code RegisterNatives} still bind the original name). At attach no class may gain a method:
 * native methods are left to the seams' rewrites, and the caller retransforms the loaded classes
 * (see {@link #advises}).
 */
public final class Advising implements AgentBuilder.RawMatcher, AgentBuilder.Transformer {
    /** The JVM retries native lookup without this prefix, so the wrapped method keeps its symbol. */
    public static final String NATIVE_PREFIX = "gilguard$";

    private final List<Seam> seams;
    private final boolean wrapsNatives;

    private Advising(List<Seam> seams, boolean wrapsNatives) {
        this.seams = seams;
        this.wrapsNatives = wrapsNatives;
    }

    /** At start-up: classes are advised as they load, natives wrapped (see {@link StartUpAdvice}). */
    public static void startUp(Instrumentation instrumentation, List<Seam> seams) {
        if (advising(seams)) {
            new StartUpAdvice(new Advising(seams, true), instrumentation, Errors::note).install();
        }
    }

    /**
     * At attach: the transformer, ready for the caller's retransformation of the loaded classes
     * {@link #advises} selects (it retransforms none itself), and for the classes loaded later.
     * No class changes shape. Null when no seam advises anything.
     */
    public static ResettableClassFileTransformer attach(Instrumentation instrumentation, List<Seam> seams,
                                                        Consumer<String> errors, Consumer<String> changed) {
        if (!advising(seams)) {
            return null;
        }
        Advising advising = new Advising(seams, false);
        warmUp();
        return new AgentBuilder.Default(byteBuddy())
                .disableClassFormatChanges()
                // loaded classes described from their class files where there are some: reflection
                // would load (or fail to load) the types of every method of every loaded class
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit())
                .with(new Listener(errors, changed))
                .ignore(ignored())
                .assureReadEdgeTo(instrumentation, Boundaries.class)
                .type(advising)
                .transform(advising)
                .installOn(instrumentation);
    }

    /**
     * Reads one class as ByteBuddy's type pool does, before the transformer is in place: its
     * description classes are loaded now. Loaded later, by gilguard's own reading of a class (the
     * attach's examination of the loaded classes), one of them would be the class the transformer
     * describes as it loads: loaded again, nested, its definition then fails as a duplicate.
     */
    private static void warmUp() {
        try {
            TypeDescription type = TypePool.Default.WithLazyResolution.of(ClassFileLocator.ForClassLoader.of(
                    Advising.class.getClassLoader())).describe(Advising.class.getName()).resolve();
            for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
                m.getReturnType().asErasure();
                m.getParameters().asTypeList().asErasures();
            }
            for (FieldDescription.InDefinedShape f : type.getDeclaredFields()) {
                f.getType().asErasure();
            }
        } catch (RuntimeException | LinkageError e) {
            Errors.internal(e); // nothing was at stake but this warm-up
        }
    }

    /** Whether a seam may advise a method of this class: the classes an attach retransforms for advice. */
    public static boolean advises(List<Seam> seams, TypeDescription type, ClassLoader loader) {
        return !type.isSynthetic() && !Excluded.of(type.getName(), loader, null) && new Advising(seams, false).matches(type, loader);
    }

    private static boolean advising(List<Seam> seams) {
        return seams.stream().anyMatch(Seam::advising);
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> redefined,
                           ProtectionDomain domain) {
        return matches(type, loader);
    }

    /** Whether some seam may advise the class, from its header (see {@link Seam#mayAdvise}). */
    boolean mayAdvise(ClassHeader header) {
        for (Seam seam : seams) {
            if (seam.advising() && seam.mayAdvise(header)) {
                return true;
            }
        }
        return false;
    }

    boolean matches(TypeDescription type, ClassLoader loader) {
        return matches(type, loader, null);
    }

    /** {@code header} not null: only the seams that may advise the class by its header are asked. */
    boolean matches(TypeDescription type, ClassLoader loader, ClassHeader header) {
        for (Seam seam : seams) {
            if (seam.advising() && (header == null || seam.mayAdvise(header)) && seam.advises(type, loader)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                            JavaModule module, ProtectionDomain domain) {
        SourceLines lines = SourceLines.of(ClassFiles.read(loader, type.getName()));
        for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
            if (m.isNative() && !wrapsNatives) {
                continue;
            }
            AdvisedMethod method = new AdvisedMethod(type, m, lines.file(),
                    lines.firstLine(m.getInternalName(), m.getDescriptor()), loader);
            List<Advice> advice = new ArrayList<>();
            for (Seam seam : seams) {
                seam.advise(method, advice);
            }
            if (advice.isEmpty()) {
                continue;
            }
            if (m.isNative()) {
                // A native method has no code to inline into: it is wrapped (native method prefix).
                Implementation wrapped = SuperMethodCall.INSTANCE;
                for (Advice a : advice) {
                    wrapped = a.wrap(wrapped);
                }
                builder = builder.method(ElementMatchers.is(m)).intercept(wrapped);
            } else {
                for (Advice a : advice) {
                    builder = builder.visit(a.on(ElementMatchers.is(m)));
                }
            }
        }
        return builder;
    }

    /**
     * ByteBuddy ignores synthetic methods by default; a lambda's body is one ({@code lambda$…}),
     * and seams choose exactly the methods they advise.
     */
    static ByteBuddy byteBuddy() {
        return new ByteBuddy().ignore(ElementMatchers.isDefaultFinalizer());
    }

    /** Synthetic classes, the JDK's (by their loader) and gilguard's own; by name first, which needs no class file read. */
    private static AgentBuilder.RawMatcher ignored() {
        return (type, loader, module, redefined, domain) ->
                Excluded.of(type.getName(), loader, module == null ? null : (Module) module.unwrap()) || type.isSynthetic();
    }

    /** What could not be instrumented is said, never thrown into the application; at attach, what changed is noted. */
    private static final class Listener extends AgentBuilder.Listener.Adapter {
        private final Consumer<String> errors;
        private final Consumer<String> changed;

        Listener(Consumer<String> errors, Consumer<String> changed) {
            this.errors = errors;
            this.changed = changed;
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            if (changed != null) {
                changed.accept(type.getName());
            }
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
            errors.accept("cannot instrument " + typeName + ": " + throwable);
        }
    }
}
