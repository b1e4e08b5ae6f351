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
 * loaded: this runs inside a transformer). The JDK's are read once and kept: most classes'
 * supertypes are the JDK's ({@code Object}, {@code Serializable}, ...), and what is kept is
 * bounded by the JDK's classes the application extends or implements. Others are read again for
 * each class that asks, as a loader may define a name anew.
 */
public final class Supertypes {
    /** The JDK's types: name to its direct supertypes (superclass first). */
    private static final Map<String, List<String>> JDK = new ConcurrentHashMap<>();
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

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
        todo.addAll(interfaces);
        while (!todo.isEmpty()) {
            String t = todo.poll();
            if (names.add(t)) {
                todo.addAll(direct(t, loader));
            }
        }
        return new ArrayList<>(names);
    }

    /** The class or interface {@code name} and every type above it, as {@code loader} finds them. */
    public static List<String> of(String name, ClassLoader loader) {
        List<String> direct = direct(name, loader);
        return names(name, null, direct, loader);
    }

    /** The superclass (if any) and interfaces of {@code name}; none when its class file cannot be read. */
    private static List<String> direct(String name, ClassLoader loader) {
        List<String> known = JDK.get(name);
        if (known != null) {
            return known;
        }
        byte[] bytes = ClassFiles.read(PLATFORM, name);
        boolean jdk = bytes != null;
        if (bytes == null) {
            bytes = ClassFiles.read(loader, name);
        }
        if (bytes == null) {
            return List.of();
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
        }
        return direct;
    }
}
