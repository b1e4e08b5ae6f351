package io.gilguard.instrument.advice;

import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.Excluded;
import io.gilguard.runtime.Errors;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.inline.MethodNameTransformer;
import net.bytebuddy.pool.TypePool;

/**
 * The advice route at start-up: a plain transformer that puts the seams' advice on each class as
 * it loads. ByteBuddy's {@code AgentBuilder} did this before; its set-up (a transformer class it
 * generates, its injection and dispatch machinery, some 1,000 classes) was most of gilguard's
 * start-up, paid before the application's first class. Here a class is first read for its header
 * alone (ASM, which the rewrite route reads every class with anyway), ByteBuddy describes only a
 * class some seam may advise, and its class-writing part runs only for a class that matches.
 *
 * <p>What this does, as {@code AgentBuilder} did with gilguard's settings: only classes being
 * loaded (no retransformation); the class described from its own bytes and its loader's class
 * files; a native method wrapped under {@link Advising#NATIVE_PREFIX}; a class in a named module
 * made to read the runtime; a failure said, never thrown.
 */
final class StartUpAdvice implements ClassFileTransformer {
    private final Advising advising;
    private final Instrumentation instrumentation;
    private final Consumer<String> errors;
    private final Module runtime = Errors.class.getModule();
    /** A class loaded while this thread transforms another (its loader reading a class file) is left alone. */
    private final ThreadLocal<Boolean> busy = new ThreadLocal<>();
    private volatile ByteBuddy byteBuddy;
    private volatile TypePool jdk;

    StartUpAdvice(Advising advising, Instrumentation instrumentation, Consumer<String> errors) {
        this.advising = advising;
        this.instrumentation = instrumentation;
        this.errors = errors;
        // Loaded now, before the transformer is registered (see ClassRewrites).
        Excluded.of(StartUpAdvice.class);
        busy.get();
    }

    /** Registers it, its native method prefix with it. */
    void install() {
        instrumentation.addTransformer(this, false);
        instrumentation.setNativeMethodPrefix(this, Advising.NATIVE_PREFIX);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (redefined != null || className == null || Excluded.of(className.replace('/', '.'), loader, module)
                || busy.get() != null) {
            return null;
        }
        busy.set(Boolean.TRUE);
        String name = className.replace('/', '.');
        try {
            ClassHeader header = ClassHeader.of(bytes);
            if (!advising.mayAdvise(header)) {
                return null;
            }
            ClassFileLocator files = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                    ClassFileLocator.ForClassLoader.of(loader));
            TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), files,
                    TypePool.Default.ReaderMode.FAST, jdk());
            TypeDescription type = pool.describe(name).resolve();
            if (type.isSynthetic() || !advising.matches(type, loader, header)) {
                return null;
            }
            DynamicType.Builder<?> builder = byteBuddy().rebase(type, files,
                    new MethodNameTransformer.Prefixing(Advising.NATIVE_PREFIX));
            DynamicType.Unloaded<?> made = advising.transform(builder, type, loader, null, domain)
                    .make(TypeResolutionStrategy.Disabled.INSTANCE, pool);
            if (made.hasAliveLoadedTypeInitializers()) {
                // gilguard's advice is inlined and needs none; a class that did would break unloaded
                errors.accept("cannot instrument " + name + ": its advice needs a type initializer");
                return null;
            }
            readRuntime(module);
            return made.getBytes();
        } catch (Throwable t) {
            errors.accept("cannot instrument " + name + ": " + t);
            return null;
        } finally {
            busy.remove();
        }
    }

    private TypePool jdk() {
        TypePool p = jdk;
        if (p == null) {
            jdk = p = JdkTypes.pool();
        }
        return p;
    }

    private ByteBuddy byteBuddy() {
        ByteBuddy b = byteBuddy;
        if (b == null) {
            byteBuddy = b = Advising.byteBuddy();
        }
        return b;
    }

    /** A class in a named module must be allowed to read the runtime its advice calls. */
    private void readRuntime(Module module) {
        if (module != null && module.isNamed() && !module.canRead(runtime)) {
            instrumentation.redefineModule(module, Set.of(runtime), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }
}
