package io.gilguard.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import jdk.internal.misc.Unsafe;

/**
 * Puts the runtime package (and the native hooks' binding it uses) in the bootstrap class loader, so that every class, the JDK's
 * included, can call it, and so that there is one copy of it whatever loader asks. Must run
 * before any agent class touches the runtime: the copy in the agent jar is never loaded after.
 *
 * <p>The classes are defined straight into the boot loader. Appending a jar to the bootstrap
 * search path would do too, but it turns off class data sharing for the application's own
 * classes (slower start-up, and a JVM warning on every run), so it is only the fallback.
 */
final class BootstrapInjector {
    // The native hooks' binding first: runtime classes implement its listener.
    private static final String[] LISTS = {"META-INF/gilguard/boot/nativehooks.list", "META-INF/gilguard/boot/runtime.list"};
    private static final String NATIVE_HOOKS = "io.gilguard.nativehooks.NativeHooks";

    private BootstrapInjector() {}

    static void inject(Instrumentation instrumentation) throws IOException {
        Path agentJar = AgentJar.path();
        Map<String, byte[]> classes = runtimeClasses(agentJar);
        try {
            define(instrumentation, classes);
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            appendJar(instrumentation, classes);
        }
    }

    private static void define(Instrumentation instrumentation, Map<String, byte[]> classes)
            throws ClassNotFoundException {
        Module javaBase = Object.class.getModule();
        // Before the first call to Unsafe, which links only to a package exported to the agent.
        // Opened, which exports too: redefineModule spins a lambda per kind of grant on its first
        // use, some milliseconds at start-up, and the second call below opens.
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(),
                Map.of("jdk.internal.misc", Set.of(BootstrapInjector.class.getModule())), Set.of(), Map.of());
        Unsafe unsafe = Unsafe.getUnsafe();
        // A class's supertypes must be defined before it, and the lists are in no such order: a
        // class whose supertype is not there yet waits for the next pass.
        Map<String, byte[]> left = new LinkedHashMap<>(classes);
        while (!left.isEmpty()) {
            int before = left.size();
            for (Iterator<Map.Entry<String, byte[]>> i = left.entrySet().iterator(); i.hasNext(); ) {
                Map.Entry<String, byte[]> c = i.next();
                byte[] bytes = c.getValue();
                try {
                    unsafe.defineClass(c.getKey(), bytes, 0, bytes.length, null, null);
                    i.remove();
                } catch (NoClassDefFoundError e) {
                    if (left.size() == 1) {
                        throw e;
                    }
                }
            }
            if (left.size() == before) {
                throw new ClassNotFoundException("the supertypes of " + left.keySet() + " are not in the agent jar");
            }
        }
        // The native hooks load their library the way System.load does after its native-access
        // check, which on JDK 24+ would warn about gilguard's own library on every run: straight
        // through jdk.internal.loader, or through reflection on java.lang if that link fails.
        // jdk.internal.misc: the boundaries read and write each thread's JNI monitor record in
        // place through its Unsafe (JniRecord), a memory access each, on every watched downcall.
        Module bootUnnamed = Class.forName(NATIVE_HOOKS, false, null).getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of("jdk.internal.loader", Set.of(bootUnnamed),
                "java.lang", Set.of(bootUnnamed), "jdk.internal.misc", Set.of(bootUnnamed)), Set.of(), Map.of());
        // They ask java.management's own helper for the collectors' names: the platform MXBean
        // look-up made an ObjectName for each bean, some 30 ms of CPU beside every start-up.
        Optional<Module> management = ModuleLayer.boot().findModule("java.management");
        if (management.isPresent()) {
            instrumentation.redefineModule(management.get(), Set.of(), Map.of(),
                    Map.of("sun.management", Set.of(bootUnnamed)), Set.of(), Map.of());
        }
    }

    private static void appendJar(Instrumentation instrumentation, Map<String, byte[]> classes) throws IOException {
        Path dir = Files.createTempDirectory("gilguard-");
        Path runtimeJar = dir.resolve("gilguard-runtime.jar");
        dir.toFile().deleteOnExit();
        runtimeJar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(runtimeJar))) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                out.write(c.getValue());
                out.closeEntry();
            }
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(runtimeJar.toFile()));
    }

    /**
     * Class name to class file, for every class of the boot packages in the agent jar, in package
     * order. Each package's module lists its classes at build time: looked up by name, not
     * found by a walk through the jar's thousands of entries (most of a start-up's 20 ms).
     */
    private static Map<String, byte[]> runtimeClasses(Path agentJar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarFile jar = new JarFile(agentJar.toFile())) {
            for (String list : LISTS) {
                for (String name : new String(AgentJar.read(jar, list), StandardCharsets.UTF_8).split("\n")) {
                    if (!name.isEmpty()) {
                        classes.put(name.substring(0, name.length() - 6).replace('/', '.'), AgentJar.read(jar, name));
                    }
                }
            }
        }
        return classes;
    }
}
