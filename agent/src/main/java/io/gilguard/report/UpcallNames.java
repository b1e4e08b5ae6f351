package io.gilguard.report;

import io.gilguard.instrument.Excluded;
import io.gilguard.nativehooks.NativeHooks;
import io.gilguard.runtime.Boundaries;
import io.gilguard.runtime.ForeignUpcalls;
import io.gilguard.runtime.Seen;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.Type;

/**
 * Names the Java methods native code called (by {@code jmethodID}) as an {@code upcall} rule
 * names them: the method of the application's interface or superclass that declares it, so that
 * one rule covers every implementation (a lambda's, another listener's); the class's own method
 * where no supertype of the application's declares it. Upcalls into the JDK's classes or
 * gilguard's are left out: the application wrote none of them.
 */
final class UpcallNames {
    private UpcallNames() {}

    static List<Proposals.Boundary> of(Map<Object, Seen> upcalls, Libraries libraries) {
        Map<String, Seen> byName = new TreeMap<>();
        Map<String, String> arrivedIn = new LinkedHashMap<>();
        for (Map.Entry<Object, Seen> e : upcalls.entrySet()) {
            if (e.getKey() instanceof String) {
                String name = (String) e.getKey(); // an FFM stub's direct target, C#m
                if (!name.startsWith(ForeignUpcalls.UNNAMED) && !libraries.leaves(name, e.getValue(), false)) {
                    byName.merge(name, e.getValue(), Seen::plus);
                }
                continue;
            }
            Object[] m = e.getKey() instanceof Method ? reflected((Method) e.getKey()) : NativeHooks.methodOf((Long) e.getKey());
            if (m == null || !(m[0] instanceof Class) || Excluded.of((Class<?>) m[0]) || launcherMain(m)) {
                continue;
            }
            String name = named((Class<?>) m[0], (String) m[1], (String) m[2]);
            // the application's implementation of a library's callback (sqlite's Function#xFunc) is the application's
            Class<?> impl = (Class<?>) m[0];
            Class<?> receiver = e.getValue().receiver();
            if (receiver != null && impl.isAssignableFrom(receiver)) {
                impl = receiver;
            }
            if (libraries.leaves(impl.getName() + "#" + m[1], e.getValue(), false)) {
                continue;
            }
            Seen seen = e.getValue();
            byName.merge(name, seen, Seen::plus);
            int in = seen.arrivedIn();
            if (in >= 0) {
                arrivedIn.putIfAbsent(name, Boundaries.named(in));
            }
        }
        List<Proposals.Boundary> out = new ArrayList<>();
        byName.forEach((name, seen) -> out.add(new Proposals.Boundary(name, seen, -1, arrivedIn.get(name))));
        return out;
    }

    /**
     * A comment line per FFM upcall stub whose target names no method (a lambda's, a bound
     * handle's): counted, but no rule can be proposed for it.
     */
    static List<String> unnamed(Map<Object, Seen> upcalls) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Object, Seen> e : upcalls.entrySet()) {
            if (e.getKey() instanceof String && ((String) e.getKey()).startsWith(ForeignUpcalls.UNNAMED)) {
                Seen s = e.getValue();
                String key = ((String) e.getKey()).substring(ForeignUpcalls.UNNAMED.length());
                int type = key.lastIndexOf(' ');
                lines.add("# FFM upcall stubs made at " + key.substring(0, type) + ", of type " + key.substring(type + 1) + ": "
                        + s.calls() + " calls, " + s.fromNativeThreads() + " on native threads; their targets (lambdas, bound"
                        + " or combined handles) name no method: name the method in an upcall rule");
            }
        }
        lines.sort(null);
        return lines;
    }

    private static Object[] reflected(Method m) {
        return new Object[] {m.getDeclaringClass(), m.getName(), Type.getMethodDescriptor(m), m.getModifiers()};
    }

    /** The launcher calls {@code main} through JNI: an upcall no native library of the application made. */
    private static boolean launcherMain(Object[] m) {
        return m[1].equals("main") && (m[2].equals("([Ljava/lang/String;)V") || m[2].equals("()V"));
    }

    /** {@code C#m}: C the topmost of the application's supertypes of {@code declaring} that declares {@code m}. */
    static String named(Class<?> declaring, String method, String descriptor) {
        Class<?> best = declaring;
        for (Class<?> c = declaring; c != null && !Excluded.of(c); c = c.getSuperclass()) {
            if (declares(c, method, descriptor)) {
                best = c;
            }
            Class<?> viaInterface = inInterfaces(c, method, descriptor);
            if (viaInterface != null) {
                best = viaInterface;
            }
        }
        if (best.isHidden()) {
            // a lambda of a JDK interface (Runnable): the interface is the only name a rule can use
            for (Class<?> i : best.getInterfaces()) {
                if (declares(i, method, descriptor)) {
                    return i.getName() + "#" + method;
                }
            }
        }
        return best.getName() + "#" + method;
    }

    private static Class<?> inInterfaces(Class<?> c, String method, String descriptor) {
        for (Class<?> i : c.getInterfaces()) {
            if (Excluded.of(i)) {
                continue;
            }
            Class<?> deeper = inInterfaces(i, method, descriptor);
            if (deeper != null) {
                return deeper;
            }
            if (declares(i, method, descriptor)) {
                return i;
            }
        }
        return null;
    }

    private static boolean declares(Class<?> c, String method, String descriptor) {
        try {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(method) && Type.getMethodDescriptor(m).equals(descriptor)) {
                    return true;
                }
            }
        } catch (LinkageError | SecurityException e) {
            // a type its methods name is missing: not this one
        }
        return false;
    }
}
