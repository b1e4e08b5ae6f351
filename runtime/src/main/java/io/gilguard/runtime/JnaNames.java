package io.gilguard.runtime;

import java.lang.reflect.Method;

/**
 * What the advice in JNA's {@code NativeLibrary.getFunction} calls: a native method that gilguard
 * wrapped at start-up is renamed with the native method prefix, and JNA looks its C function up
 * by that name (a direct-mapped class, {@code Native.register}). The prefix is taken off here, as
 * JNA itself does for a profiler's ({@code jna.profiler.prefix}); the prefix is the caller's
 * constant. Each runs once per method, as the class registers: reflection is fine here.
 */
public final class JnaNames {
    private JnaNames() {}

    /**
     * A C name without the prefix, wherever it stands: a {@code FunctionMapper} may have put its
     * own prefix before it. A mapper that renames by the method's name ({@code "gg_" + name})
     * still works; one that looks the name up in a table does not find the prefixed one.
     */
    public static String unprefixed(String name, String prefix) {
        try {
            int at = name == null ? -1 : name.indexOf(prefix);
            return at < 0 ? name : name.substring(0, at) + name.substring(at + prefix.length());
        } catch (Throwable t) {
            Errors.internal(t);
            return name;
        }
    }

    /** The name JNA was given for a wrapped native {@code method}: its own, unprefixed. */
    public static String unprefixed(String name, Method method, String prefix) {
        try {
            if (method != null && method.getName().startsWith(prefix) && name != null && name.startsWith(prefix)) {
                return method.getName().substring(prefix.length());
            }
        } catch (Throwable t) {
            Errors.internal(t);
        }
        return name;
    }

    /**
     * The wrapper of a wrapped native {@code method}: under the original name, with the same
     * parameters, annotations and exceptions, it is what the library's {@code FunctionMapper}
     * is given, so that one that looks the name up in a table finds it.
     */
    public static Method wrapper(Method method, String prefix) {
        try {
            if (method != null && method.getName().startsWith(prefix)) {
                return method.getDeclaringClass().getDeclaredMethod(method.getName().substring(prefix.length()),
                        method.getParameterTypes());
            }
        } catch (NoSuchMethodException notOurs) {
            // not a wrapper of gilguard's: the name alone is unprefixed
        } catch (Throwable t) {
            Errors.internal(t);
        }
        return method;
    }
}
