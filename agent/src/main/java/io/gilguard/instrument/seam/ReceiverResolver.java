package io.gilguard.instrument.seam;

import io.gilguard.instrument.rewrite.NativeMethods;
import io.gilguard.runtime.SupertypeCalls;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Opcodes;

/**
 * Answers the runtime ({@link SupertypeCalls}), once per receiver class and method, which
 * boundary a call through a supertype enters: that of the method the class selects (the first
 * of the class and its superclasses to declare it) when it is a native method a rule matches.
 * A Java implementation, a method only an interface declares (a default method), a class
 * without a class file (a lambda's, a proxy's) or one no rule matches enter none. Read from
 * class files through the receiver's own loader, on the thread that makes the first call with
 * that class; a native implementation loaded after the attach is answered for like any other.
 */
final class ReceiverResolver implements SupertypeCalls.Resolver {
    /** The boundary of a native method a rule matches, defined once; -1 where no rule matches. */
    @FunctionalInterface
    interface Boundaries {
        int of(NativeMethods.Declared in, String name, String descriptor, ClassLoader loader);
    }

    private final NativeMethods natives;
    private final Boundaries boundaries;
    /** The runtime's number of each method ({@code name descriptor}) called through a supertype. */
    private final Map<String, Integer> numbers = new ConcurrentHashMap<>();
    private final Map<Integer, String> methods = new ConcurrentHashMap<>();

    ReceiverResolver(NativeMethods natives, Boundaries boundaries) {
        this.natives = natives;
        this.boundaries = boundaries;
    }

    /** The runtime's number for calls of {@code name descriptor} through a supertype. */
    int number(String name, String descriptor) {
        return numbers.computeIfAbsent(name + descriptor, key -> {
            int n = SupertypeCalls.define();
            methods.put(n, key);
            return n;
        });
    }

    @Override
    public int boundary(Class<?> receiver, int method) {
        String key = methods.get(method);
        if (key == null) {
            return -1; // numbered by an earlier attach
        }
        for (Class<?> c = receiver; c != null; c = c.getSuperclass()) {
            String type = c.getName().replace('.', '/');
            int access = natives.access(c.getClassLoader(), type, key);
            if (access == NativeMethods.UNREADABLE) {
                return -1;
            }
            if (access == NativeMethods.NOT_DECLARED || (access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) != 0) {
                continue;
            }
            if ((access & Opcodes.ACC_NATIVE) == 0) {
                return -1;
            }
            NativeMethods.Declared in = natives.declared(c.getClassLoader(), type);
            int paren = key.indexOf('(');
            return boundaries.of(in, key.substring(0, paren), key.substring(paren), c.getClassLoader());
        }
        return -1;
    }
}
