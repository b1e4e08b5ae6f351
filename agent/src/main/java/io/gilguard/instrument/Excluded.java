package io.gilguard.instrument;

import java.util.HashSet;
import java.util.Set;

/**
 * Classes gilguard never rewrites: the JDK's (their lock calls are not the application's, and the
 * runtime itself relies on them) and gilguard's own.
 *
 * <p>The JDK's classes are told by who defines them, never by their package: a class of the boot
 * or the platform class loader, of the loader of core reflection's generated accessors, or of a
 * module of the JDK's run-time image that the application class loader defines ({@code jdk.attach},
 * {@code jdk.compiler}, ...). A library that ships a package under {@code com.sun.} or
 * {@code javax.} on the class path (JNA's {@code com.sun.jna}) is the application's, and so is a
 * {@code java.lang.reflect.Proxy} class defined in the application's loader
 * ({@code jdk.proxy1.$Proxy0}).
 */
public final class Excluded {
    /** gilguard's own packages; {@code io.gilguard.apps} (the test apps) is not one of them. */
    private static final String[] OWN = {
        "io.gilguard.agent.", "io.gilguard.rules.", "io.gilguard.plan.", "io.gilguard.instrument.", "io.gilguard.runtime.",
        "io.gilguard.report.", "io.gilguard.nativehooks.", "io.gilguard.shaded.", "io.gilguard.cli.", "io.gilguard.junit.",
    };
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    /** The modules of the JDK's run-time image, read once, before any transformer asks. */
    private static final Set<String> JDK_MODULES = jdkModules();

    private Excluded() {}

    /**
     * Whether the class {@code name} (Java form, with dots), defined by {@code loader} (null: the
     * boot loader) into {@code module} (null when not known), is left alone.
     */
    public static boolean of(String name, ClassLoader loader, Module module) {
        if (loader == null || loader == PLATFORM || reflection(loader)) {
            return true;
        }
        if (module != null && module.isNamed() && module.getLayer() == ModuleLayer.boot()
                && JDK_MODULES.contains(module.getName())) {
            return true;
        }
        return own(name);
    }

    /**
     * The loader of the accessors core reflection generates on JDK 17 to 21
     * ({@code jdk.internal.reflect.GeneratedMethodAccessor1}): one of the JDK's own, told by its
     * class, which the boot loader defines.
     */
    private static boolean reflection(ClassLoader loader) {
        Class<?> type = loader.getClass();
        return type.getClassLoader() == null && type.getName().equals("jdk.internal.reflect.DelegatingClassLoader");
    }

    /** A loaded class. The boot loader's are told before a name is asked for: most classes loaded at start-up are. */
    public static boolean of(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        return loader == null || of(c.getName(), loader, c.getModule());
    }

    /** One of gilguard's own classes, by name (Java form, with dots). */
    public static boolean own(String name) {
        for (String prefix : OWN) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The JDK's own modules of the boot layer, the only layer {@link #of} asks about: those with
     * the JDK's version number (an application module linked into the image with jlink carries
     * its own version, or none). The boot layer's modules are resolved already; reading every
     * module of the run-time image instead cost some 7 ms of start-up.
     */
    private static Set<String> jdkModules() {
        Set<String> names = new HashSet<>();
        StringBuilder version = new StringBuilder();
        for (Integer part : Runtime.version().version()) {
            version.append(version.length() == 0 ? "" : ".").append(part);
        }
        String jdk = version.toString();
        for (Module m : ModuleLayer.boot().modules()) {
            if (m.getDescriptor() != null && jdk.equals(m.getDescriptor().rawVersion().orElse(null))) {
                names.add(m.getName());
            }
        }
        return Set.copyOf(names);
    }
}
