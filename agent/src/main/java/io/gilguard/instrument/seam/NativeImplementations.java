package io.gilguard.instrument.seam;

import io.gilguard.instrument.PerLoader;
import io.gilguard.instrument.rewrite.NativeMethods;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Opcodes;

/**
 * At attach, the matched native methods that a call through a supertype or an interface may
 * reach, so that such a call gets a boundary only where one can be entered: those declared by
 * the classes loaded before the attach or since, as they load, that a {@code downcall} rule
 * matches; and those of each class a rule names without {@code *}, loaded or not, found through
 * the calling class's loader. All from class files: nothing is loaded. Which receiver really
 * reaches one is decided at run time ({@link ReceiverResolver}).
 */
final class NativeImplementations {
    /** Whether a rule matches a native method: class with dots, name, descriptor. */
    @FunctionalInterface
    interface Matched {
        boolean matches(String className, String name, String descriptor);
    }

    private final NativeMethods natives;
    private final Matched matched;
    /** Internal names of the classes the downcall rules name without '*'. */
    private final List<String> named;
    /**
     * Per loader (held weakly, as it may be let go while attached), per native method
     * ({@code name descriptor}), the classes (internal names) known to declare it.
     */
    private final PerLoader<Set<String>> known = new PerLoader<>();

    NativeImplementations(NativeMethods natives, Matched matched, List<String> named) {
        this.natives = natives;
        this.matched = matched;
        this.named = named;
    }

    /** {@code type} (internal name), defined by {@code loader}, declares a matched instance native method {@code key}. */
    void declared(ClassLoader loader, String type, String key) {
        known.of(loader).computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(type);
    }

    /**
     * The classes below {@code owner} that declare {@code name descriptor} as a matched native
     * method, as the calling class's {@code loader} or their own sees them; keyed by name with
     * dots, in order.
     */
    Map<String, NativeMethods.Declared> below(ClassLoader loader, String owner, String name, String descriptor) {
        String key = name + descriptor;
        Map<String, NativeMethods.Declared> found = new TreeMap<>();
        for (ClassLoader l : known.loaders()) {
            for (String type : known.of(l).getOrDefault(key, Set.of())) {
                if (natives.supertypes(l, type).contains(owner)) {
                    add(found, l, type);
                }
            }
        }
        for (String type : named) {
            if (!type.equals(owner) && overrides(natives.access(loader, type, key))
                    && matched.matches(type.replace('/', '.'), name, descriptor)
                    && natives.supertypes(loader, type).contains(owner)) {
                add(found, loader, type);
            }
        }
        return found;
    }

    /** Whether a method with these access flags is native and can override: neither static nor private. */
    static boolean overrides(int access) {
        return access >= 0 && (access & (Opcodes.ACC_NATIVE | Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == Opcodes.ACC_NATIVE;
    }

    private void add(Map<String, NativeMethods.Declared> found, ClassLoader loader, String type) {
        NativeMethods.Declared d = natives.declared(loader, type);
        if (d != null) {
            found.putIfAbsent(d.className, d);
        }
    }

    /** The internal names of the classes these class patterns name without '*'. */
    static List<String> named(List<String> patterns) {
        List<String> names = new ArrayList<>();
        for (String p : patterns) {
            if (!p.contains("*")) {
                names.add(p.replace('.', '/'));
            }
        }
        return List.copyOf(names);
    }
}
