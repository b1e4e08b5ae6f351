package io.gilguard.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.security.ProtectionDomain;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads gilguard's classes straight from its jar. The JVM puts a {@code -javaagent} jar at the
 * end of the class path, so the system class loader looked for each of gilguard's classes in
 * every directory and jar of the application first, opening them as it went: at start-up that
 * search, and the class path's per-class work around it, were a good part of what gilguard's
 * own classes cost (bench/README.md, start-up). The runtime's classes are not gilguard's to load
 * here: they are in the boot loader ({@link BootstrapInjector}), and everything else, the JDK and
 * the application's classes (JUnit's), comes from the system class loader, the parent.
 *
 * <p>One loader per JVM: an attach after a detach goes on with the classes, and the state, of
 * the first.
 */
final class AgentLoader extends ClassLoader {
    private static final String RUNTIME = "io.gilguard.runtime.";
    private static final String NATIVE_HOOKS = "io.gilguard.nativehooks.";

    static {
        registerAsParallelCapable();
    }

    private static ClassLoader loader;

    private final JarFile jar;
    private final ProtectionDomain domain;
    private final String title;
    private final String version;

    private AgentLoader(ClassLoader parent, JarFile jar, ProtectionDomain domain) throws IOException {
        super("gilguard", parent);
        this.jar = jar;
        this.domain = domain;
        Attributes main = jar.getManifest() == null ? new Attributes() : jar.getManifest().getMainAttributes();
        this.title = main.getValue(Attributes.Name.IMPLEMENTATION_TITLE);
        this.version = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
    }

    /**
     * Calls {@code className.method(args, instrumentation)} as gilguard's loader defines it. If
     * that loader cannot be made (the jar cannot be read), the system class loader's classes run,
     * as a jar's classes did before; if the class cannot be loaded or linked, gilguard is off.
     * What the method itself throws goes on to the JVM, as it did from {@code premain}.
     */
    static void run(String className, String method, String args, Instrumentation instrumentation) {
        try {
            Method entry = Class.forName(className, true, loader()).getDeclaredMethod(method, String.class,
                    Instrumentation.class);
            entry.setAccessible(true);
            entry.invoke(null, args, instrumentation);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            // a broken jar: the application runs, unchecked, and says why once
            System.err.print("gilguard: off, the application runs unchecked: cannot start " + className + " (" + e + ")\n");
            System.err.flush();
        }
    }

    private static synchronized ClassLoader loader() {
        if (loader == null) {
            ClassLoader system = Agent.class.getClassLoader();
            ProtectionDomain domain = Agent.class.getProtectionDomain();
            try {
                // not AgentJar.path(): that would load AgentJar into the system loader too
                File jar = new File(domain.getCodeSource().getLocation().toURI());
                loader = new AgentLoader(system, new JarFile(jar), domain);
            } catch (IOException | URISyntaxException | RuntimeException e) {
                loader = system;
            }
        }
        return loader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("io.gilguard.") || name.startsWith(RUNTIME) || name.startsWith(NATIVE_HOOKS)
                || name.equals(AgentLoader.class.getName())) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = define(name);
            }
            if (c == null) {
                return super.loadClass(name, resolve); // not in the jar (the test apps' io.gilguard.apps)
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    /**
     * gilguard's own resources (a built-in rule set) from its jar, as its classes are: through the
     * parent they were looked for on the application's class path first, and then read through a
     * jar URL, whose connection loads classes of its own.
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        if (name.startsWith("io/gilguard/")) {
            JarEntry entry = jar.getJarEntry(name);
            if (entry != null) {
                try {
                    return jar.getInputStream(entry);
                } catch (IOException e) {
                    // as the parent would: it may find it, else null
                }
            }
        }
        return super.getResourceAsStream(name);
    }

    private Class<?> define(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(name.replace('.', '/') + ".class");
        if (entry == null) {
            return null;
        }
        byte[] bytes;
        // AgentJar.read's few lines again: calling it would load AgentJar into the system loader too
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = entry.getSize() >= 0 ? in.readNBytes((int) entry.getSize()) : in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        String pkg = name.substring(0, name.lastIndexOf('.'));
        if (getDefinedPackage(pkg) == null) {
            try {
                // with the jar's title and version: Agent.VERSION reads them from its package
                definePackage(pkg, null, null, null, title, version, null, null);
            } catch (IllegalArgumentException definedMeanwhile) {
                // another thread loading a class of the same package
            }
        }
        return defineClass(name, bytes, 0, bytes.length, domain);
    }
}
