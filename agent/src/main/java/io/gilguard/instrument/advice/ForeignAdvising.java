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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * The one transformer of the JDK's own classes: the three where FFM downcall handles are made and
 * symbols are found (JDK 22+). The shared transformers ignore the boot loader's classes; this one
 * matches exactly these names, so no other JDK class is touched. They are retransformed where
 * already loaded (without a change of shape, the same at start-up and at attach), but for one at
 * start-up: the JNI libraries' class, loaded before {@code premain}, waits for the first FFM
 * lookup (see {@link #LOOKUP}). A reset gives them their bytecode back.
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
    /**
     * Every FFM symbol lookup is one ({@code loaderLookup} and {@code libraryLookup} are its
     * static methods; the linker's {@code defaultLookup} implements it), so it is loaded before
     * the first lookup runs. {@link #LIBRARY}, loaded before {@code premain}, is advised then:
     * rewriting it at start-up cost a program that never uses FFM some 20 ms (ASM's first use).
     */
    private static final String LOOKUP = "java/lang/foreign/SymbolLookup";

    private final Instrumentation instrumentation;
    private final Consumer<String> errors;
    private final AtomicBoolean libraryAdvised = new AtomicBoolean();

    private ForeignAdvising(Instrumentation instrumentation, Consumer<String> errors) {
        this.instrumentation = instrumentation;
        this.errors = errors;
    }

    /**
     * Installs the advice and retransforms those of the classes that are loaded; {@code errors}
     * hears what failed. At start-up {@link #LIBRARY} waits for the first FFM lookup; at an attach,
     * with the application's threads running, it is advised at once.
     */
    public static ForeignAdvising install(Instrumentation instrumentation, Consumer<String> errors, boolean startUp) {
        ForeignAdvising advising = new ForeignAdvising(instrumentation, errors);
        // the advice, inlined into java.base, calls the runtime: java.base must read its module
        Module javaBase = Object.class.getModule();
        Module runtime = ForeignDowncalls.class.getModule();
        if (!javaBase.canRead(runtime)) {
            instrumentation.redefineModule(javaBase, Set.of(runtime), Map.of(), Map.of(), Set.of(), Map.of());
        }
        instrumentation.addTransformer(advising, true);
        advising.retransformLoaded(startUp);
        return advising;
    }

    /** Takes the advice back: the loaded classes get the bytecode the JDK gave them. */
    public void reset() {
        instrumentation.removeTransformer(this);
        retransform(loaded(NAMES));
    }

    /** At install: the classes of {@link #NAMES} loaded; at start-up {@link #LIBRARY} only if some FFM lookup may have run. */
    private void retransformLoaded(boolean startUp) {
        boolean library = !startUp || !loaded(Set.of(LOOKUP.replace('/', '.'))).isEmpty();
        libraryAdvised.set(library);
        retransform(loaded(library ? NAMES : Set.of(LINKER, RAW_LIBRARY)));
    }

    /** The boot loader's loaded classes of these names. */
    private List<Class<?>> loaded(Set<String> names) {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && names.contains(c.getName())) {
                loaded.add(c);
            }
        }
        return loaded;
    }

    /**
     * {@link #LIBRARY}, once, as the first FFM lookup's interface loads: on a thread of its own,
     * which this one waits for, since the JVM does not give a class to the transformers again
     * while another class's load is being transformed on the same thread.
     */
    private void adviseLibrary() {
        if (libraryAdvised.getAndSet(true)) {
            return;
        }
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    retransform(List.of(Class.forName(LIBRARY, false, null)));
                } catch (ClassNotFoundException | LinkageError e) {
                    errors.accept("cannot instrument " + LIBRARY + ": " + e);
                }
            }
        }, "gilguard FFM advice");
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (t.isAlive()) { // an interrupt of the application's does not cut the wait short
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void retransform(List<Class<?>> loaded) {
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
        if (loader == null && redefined == null && LOOKUP.equals(className)) {
            adviseLibrary();
            return null;
        }
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
