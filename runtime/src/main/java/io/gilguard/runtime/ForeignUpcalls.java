package io.gilguard.runtime;

import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Learn mode's FFM upcalls (JDK 22+): the target of each upcall stub the linker makes
 * ({@code Linker.upcallStub}) is wrapped so that each call of it is counted as an upcall
 * ({@link LearnHooks}), under the name of the method it runs where the handle says it
 * ({@code C#m}: a direct handle, {@code findStatic}, {@code findVirtual}). A bound or combined
 * handle (a lambda, {@code bindTo}, {@code insertArguments}) says no method: it is counted under
 * where the stub was made, which the file names without a rule. Nothing is wrapped while not
 * learning, nor a handle the JDK would refuse (a target that declares checked exceptions): the
 * linker's own check must still see it.
 */
public final class ForeignUpcalls {
    /** The prefix of the key of a stub whose target names no method. */
    public static final String UNNAMED = "ffm-stub:";
    private static final MethodHandle ENTERED;
    private static final MethodHandle RETURNED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ENTERED = lookup.findStatic(LearnHooks.class, "foreignEntered", MethodType.methodType(void.class, Object.class));
            RETURNED = lookup.findStatic(LearnHooks.class, "foreignReturned", MethodType.methodType(void.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ForeignUpcalls() {}

    /** The target to make the stub of: {@code target} itself, or wrapped to be counted. Never throws. */
    public static MethodHandle learned(MethodHandle target) {
        if (target == null || !Learning.on()) {
            return target;
        }
        try {
            Optional<MethodHandleDesc> desc = target.describeConstable();
            String key;
            if (desc.isPresent() && desc.get() instanceof DirectMethodHandleDesc) {
                DirectMethodHandleDesc d = (DirectMethodHandleDesc) desc.get();
                String owner = d.owner().descriptorString();
                owner = owner.substring(1, owner.length() - 1).replace('/', '.');
                if (throwsChecked(owner, d.methodName())) {
                    return target;
                }
                key = owner + "#" + d.methodName();
            } else {
                int site = CallerSite.foreignCaller(0);
                key = UNNAMED + (site > 0 ? Sites.format(site) : "?") + " " + target.type();
            }
            MethodType type = target.type();
            MethodHandle cleanup = type.returnType() == void.class
                    ? MethodHandles.dropArguments(RETURNED, 0, Throwable.class)
                    : MethodHandles.foldArguments(
                            MethodHandles.dropArguments(MethodHandles.identity(type.returnType()), 0, Throwable.class), RETURNED);
            return MethodHandles.foldArguments(MethodHandles.tryFinally(target, cleanup),
                    MethodHandles.insertArguments(ENTERED, 0, key));
        } catch (Throwable t) {
            Errors.internal(t);
            return target;
        }
    }

    /**
     * Whether a method of that name in {@code owner} (as the application's loader sees it)
     * declares checked exceptions: the linker refuses such a target, and must still.
     */
    private static boolean throwsChecked(String owner, String name) {
        try {
            Class<?> c = Class.forName(owner, false, CallerSite.applicationLoader());
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getExceptionTypes().length > 0) {
                    return true;
                }
            }
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            // not found from here: wrapped, as a target the linker accepts
        }
        return false;
    }
}
