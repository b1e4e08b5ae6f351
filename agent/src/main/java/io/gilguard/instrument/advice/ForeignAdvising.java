package io.gilguard.instrument.advice;

import io.gilguard.runtime.ForeignDowncalls;
import io.gilguard.runtime.Learning;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.matcher.LatentMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * The one transformer of the JDK's own classes: the three where FFM downcall handles are made and
 * symbols are found (JDK 22+). The shared transformers ignore the boot loader's classes; this one
 * matches exactly these names, so no other JDK class is touched. They are retransformed where
 * already loaded (without a change of shape, the same at start-up and at attach), and a reset
 * gives them their bytecode back.
 *
 * <p>A plain transformer that redefines the class with ByteBuddy, as {@code AgentBuilder} did
 * with {@code disableClassFormatChanges()}: its set-up (some 1,000 classes, a class generated at
 * run time, a walk over every loaded class) was half a second of every start-up on JDK 22+
 * under a {@code native:} rule.
 */
public final class ForeignAdvising implements ClassFileTransformer {
    /** Where the linker makes downcall handles; one class for every platform's linker. */
    public static final String LINKER = "jdk.internal.foreign.abi.AbstractLinker";
    /** Behind {@code SymbolLookup.libraryLookup} (and {@code defaultLookup}, through the system's library). */
    static final String RAW_LIBRARY = "jdk.internal.loader.RawNativeLibraries$RawNativeLibraryImpl";
    /** Behind {@code SymbolLookup.loaderLookup} (and JNI's own symbol lookups). */
    static final String LIBRARY = "jdk.internal.loader.NativeLibraries$NativeLibraryImpl";
    private static final Set<String> NAMES = Set.of(LINKER, RAW_LIBRARY, LIBRARY);

    private final Instrumentation instrumentation;
    private final Consumer<String> errors;

    private ForeignAdvising(Instrumentation instrumentation, Consumer<String> errors) {
        this.instrumentation = instrumentation;
        this.errors = errors;
    }

    /** Installs the advice and retransforms those of the classes that are loaded; {@code errors} hears what failed. */
    public static ForeignAdvising install(Instrumentation instrumentation, Consumer<String> errors) {
        ForeignAdvising advising = new ForeignAdvising(instrumentation, errors);
        // the advice, inlined into java.base, calls the runtime: java.base must read its module
        Module javaBase = Object.class.getModule();
        Module runtime = ForeignDowncalls.class.getModule();
        if (!javaBase.canRead(runtime)) {
            instrumentation.redefineModule(javaBase, Set.of(runtime), Map.of(), Map.of(), Set.of(), Map.of());
        }
        instrumentation.addTransformer(advising, true);
        advising.retransformLoaded();
        return advising;
    }

    /** Takes the advice back: the loaded classes get the bytecode the JDK gave them. */
    public void reset() {
        instrumentation.removeTransformer(this);
        retransformLoaded();
    }

    private void retransformLoaded() {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && NAMES.contains(c.getName())) {
                loaded.add(c);
            }
        }
        for (Class<?> c : loaded) {
            try {
                instrumentation.retransformClasses(c);
            } catch (Exception | LinkageError e) {
                errors.accept("cannot instrument " + c.getName() + ": " + e);
            }
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        String name = className == null ? null : className.replace('/', '.');
        if (loader != null || name == null || !NAMES.contains(name)) {
            return null;
        }
        try {
            // described from the bytes given (another agent's, maybe), its supertypes from the JDK's class files
            ClassFileLocator files = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                    ClassFileLocator.ForClassLoader.ofBootLoader());
            TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), files,
                    TypePool.Default.ReaderMode.FAST);
            TypeDescription type = pool.describe(name).resolve();
            DynamicType.Builder<?> builder = new ByteBuddy()
                    .with(Implementation.Context.Disabled.Factory.INSTANCE)
                    .with(InstrumentedType.Factory.Default.FROZEN)
                    .with(VisibilityBridgeStrategy.Default.NEVER)
                    .redefine(type, files)
                    .ignoreAlso(LatentMatcher.ForSelfDeclaredMethod.NOT_DECLARED);
            return advise(builder, type).make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
        } catch (Throwable t) {
            errors.accept("cannot instrument " + name + ": " + t);
            return null;
        }
    }

    private static DynamicType.Builder<?> advise(DynamicType.Builder<?> builder, TypeDescription type) {
        if (type.getName().equals(LINKER)) {
            if (Learning.on()) {
                builder = builder.visit(Advice.to(ForeignAdvice.Upcall.class).on(ElementMatchers.named("upcallStub")
                        .and(ElementMatchers.takesArguments(4))
                        .and(ElementMatchers.takesArgument(0, MethodHandle.class))));
            }
            return builder
                    .visit(Advice.to(ForeignAdvice.Bound.class).on(ElementMatchers.named("downcallHandle")
                            .and(ElementMatchers.takesArguments(3))
                            .and(ElementMatchers.takesArgument(0, ElementMatchers.named("java.lang.foreign.MemorySegment")))))
                    .visit(Advice.to(ForeignAdvice.Unbound.class).on(ElementMatchers.named("downcallHandle")
                            .and(ElementMatchers.takesArguments(2))
                            .and(ElementMatchers.takesArgument(0, ElementMatchers.named("java.lang.foreign.FunctionDescriptor")))));
        }
        return builder.visit(Advice.to(ForeignAdvice.Find.class).on(ElementMatchers.named("find")
                .and(ElementMatchers.takesArguments(String.class)).and(ElementMatchers.returns(long.class))));
    }
}
