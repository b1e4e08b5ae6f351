package io.gilguard.instrument;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Opcodes;

/**
 * The names of the types above a class, read from class files through its loader (nothing is
 * loaded: this runs inside a transformer). Each type's direct supertypes are read once and kept,
 * the JDK's for every loader, the others per loader (weakly: a loader that goes takes its
 * entries with it); what is kept is bounded by the types above the classes a seam asks about,
 * names only.
 */
public final class Supertypes {
    /** The JDK's types: name to its direct supertypes (superclass first). */
    private static final Map<String, List<String>> JDK = new ConcurrentHashMap<>();
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    private static final String[] JDK_PACKAGES = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.",
        "org.ietf.", "netscape."};
    /** The others, per loader that read them: name to its direct supertypes. */
    private static final PerLoader<List<String>> BY_LOADER = new PerLoader<>();

    private Supertypes() {}

    /**
     * {@code name}, then every class and interface above it, breadth first (nearest first). A type
     * whose class file cannot be read is named, and what is above it is not: a rule cannot name
     * what cannot be found.
     */
    static List<String> names(String name, String superName, List<String> interfaces, ClassLoader loader) {
        Set<String> names = new LinkedHashSet<>();
        names.add(name);
        Deque<String> todo = new ArrayDeque<>();
        if (superName != null) {
            todo.add(superName);
        }
        // loops, not addAll: ArrayDeque.addAll makes a method reference, its class spun at first use
        for (String i : interfaces) {
            todo.add(i);
        }
        while (!todo.isEmpty()) {
            String t = todo.poll();
            if (names.add(t)) {
                for (String above : direct(t, loader)) {
                    todo.add(above);
                }
            }
        }
        return new ArrayList<>(names);
    }

    /** The class or interface {@code name} and every type above it, as {@code loader} finds them. */
    public static List<String> of(String name, ClassLoader loader) {
        List<String> direct = direct(name, loader);
        return names(name, null, direct, loader);
    }

    /**
     * Whether {@code name} is in a package the JDK's own modules use. Wrong either way costs no
     * more than a look-up: a JDK class not named here is found through its loader's parents (and
     * kept per loader) or, with no loader, in the JDK after; another class named here is looked
     * for in the JDK first, as before.
     */
    static boolean mayBeJdk(String name) {
        for (String prefix : JDK_PACKAGES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The superclass (if any) and interfaces of {@code name}; none when its class file cannot be read. */
    private static List<String> direct(String name, ClassLoader loader) {
        List<String> known = JDK.get(name);
        if (known != null) {
            return known;
        }
        Map<String, List<String>> loaders = loader == null ? null : BY_LOADER.of(loader);
        known = loaders == null ? null : loaders.get(name);
        if (known != null) {
            return known;
        }
        // the JDK's first, to keep them for every loader; only for a name that may be one: a
        // loader asks its parents first anyway, so an application's class asked of the platform
        // loader first was looked for twice there
        boolean askedJdk = mayBeJdk(name);
        byte[] bytes = askedJdk ? ClassFiles.read(PLATFORM, name) : null;
        boolean jdk = bytes != null;
        if (bytes == null) {
            bytes = ClassFiles.read(loader, name);
        }
        if (bytes == null && !askedJdk) { // no loader (the boot loader's class), or none that finds it
            bytes = ClassFiles.read(PLATFORM, name);
            jdk = bytes != null;
        }
        if (bytes == null) {
            return List.of(); // not kept: it may be there later (a class a loader makes at run time)
        }
        List<String> direct;
        try {
            ClassHeader header = ClassHeader.of(bytes);
            direct = new ArrayList<>(header.interfaceNames());
            if (header.superName() != null && (header.access() & Opcodes.ACC_INTERFACE) == 0) {
                direct.add(0, header.superName()); // an interface's class file names Object: no supertype of it
            }
        } catch (IllegalArgumentException malformed) {
            return List.of();
        }
        if (jdk) {
            JDK.put(name, direct);
        } else if (loaders != null) {
            loaders.put(name, direct);
        }
        return direct;
    }
}
