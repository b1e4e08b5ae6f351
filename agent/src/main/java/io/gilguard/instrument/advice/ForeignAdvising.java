package io.gilguard.instrument.advice;

import io.gilguard.runtime.ForeignDowncalls;
import io.gilguard.runtime.Learning;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * The one transformer of the JDK's own classes: the three where FFM downcall handles are made and
 * symbols are found (JDK 22+). The shared transformers ignore the boot loader's classes; this one
 * matches exactly these names, so no other JDK class is touched. They are retransformed where
 * already loaded (without a change of shape, the same at start-up and at attach), and a reset
 * gives them their bytecode back.
 *
 * <p>A plain transformer and ASM ({@link ForeignAdvice}), not ByteBuddy's {@code AgentBuilder}
 * and {@code Advice}: one of the classes is loaded before {@code premain}, so its rewrite is part
 * of every start-up under a {@code native:} rule, and ByteBuddy's set-up and first use were
 * half a second of it.
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
            ClassReader reader = new ClassReader(bytes);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            ForeignAdvice advice = new ForeignAdvice(writer, name.equals(LINKER), Learning.on());
            reader.accept(advice, 0);
            if (!advice.changed()) {
                errors.accept("cannot instrument " + name + ": none of its methods is the one looked for (another JDK?)");
                return null;
            }
            return writer.toByteArray();
        } catch (Throwable t) {
            errors.accept("cannot instrument " + name + ": " + t);
            return null;
        }
    }
}
