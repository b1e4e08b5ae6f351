package io.gilguard.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * The method handles that put a boundary around an FFM downcall handle, found once, when the
 * first handle is wrapped (so only on a JDK that has {@code java.lang.foreign}).
 *
 * <p>{@code foldArguments(tryFinally(handle, exit), enter)}: enter runs first and its ledger is
 * the extra leading argument of the try, whose finally gives it to exit, after a normal return
 * and after a throw alike (the throwable is then rethrown). The wrapped handle's type is the
 * original's exactly, so {@code invokeExact} still accepts and rejects what it did; no value is
 * boxed (the result passes through an identity of its own type), so a call allocates nothing.
 */
final class ForeignHandles {
    private static final MethodHandle ADDRESS;
    private static final MethodHandle ENTER;
    private static final MethodHandle ENTER_ENFORCED;
    private static final MethodHandle EXIT;
    private static final MethodHandle CODE_AT;
    private static final MethodHandle ENTER_CODE;
    private static final MethodHandle EXIT_CODE;

    static {
        try {
            MethodHandles.Lookup own = MethodHandles.lookup();
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
            ADDRESS = MethodHandles.publicLookup().findVirtual(segment, "address", MethodType.methodType(long.class))
                    .asType(MethodType.methodType(long.class, Object.class));
            MethodType enter = MethodType.methodType(Ledger.class, int.class);
            ENTER = own.findStatic(ForeignDowncalls.class, "enter", enter);
            ENTER_ENFORCED = own.findStatic(ForeignDowncalls.class, "enterEnforced", enter);
            EXIT = own.findStatic(ForeignHandles.class, "exit",
                    MethodType.methodType(void.class, int.class, Throwable.class, Ledger.class));
            CODE_AT = own.findStatic(ForeignDowncalls.class, "codeAt", MethodType.methodType(int.class, Object.class));
            ENTER_CODE = own.findStatic(ForeignDowncalls.class, "enterCode", enter);
            EXIT_CODE = own.findStatic(ForeignDowncalls.class, "exitCode",
                    MethodType.methodType(void.class, Throwable.class, Ledger.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ForeignHandles() {}

    /** The address of a {@code MemorySegment}. */
    static long address(Object segment) throws Throwable {
        return (long) ADDRESS.invokeExact(segment);
    }

    /** {@code handle} inside boundary {@code id}. */
    static MethodHandle around(MethodHandle handle, int id, boolean enforced) {
        MethodHandle enter = MethodHandles.insertArguments(enforced ? ENTER_ENFORCED : ENTER, 0, id);
        MethodHandle exit = MethodHandles.insertArguments(EXIT, 0, id);
        return guard(handle, enter, exit, 0);
    }

    /**
     * {@code handle}, whose first argument is the address, inside the boundary of that address's
     * symbol at each call: the address's boundary code, looked up once, is a leading argument that
     * enter and exit share.
     */
    static MethodHandle aroundEach(MethodHandle handle) {
        Class<?> first = handle.type().parameterType(0);
        MethodHandle withCode = guard(MethodHandles.dropArguments(handle, 0, int.class), ENTER_CODE, EXIT_CODE, 1);
        MethodHandle wrapped = MethodHandles.foldArguments(withCode, CODE_AT.asType(MethodType.methodType(int.class, first)));
        if (!wrapped.type().equals(handle.type())) {
            throw new IllegalStateException("wrapped handle " + wrapped.type() + " is not " + handle.type());
        }
        return wrapped;
    }

    private static void exit(int id, Throwable thrown, Ledger ledger) {
        Boundaries.exit(id, ledger);
    }

    /**
     * {@code enter} takes the first {@code shared} arguments of {@code handle} and returns the
     * ledger; {@code exit} takes the throwable (or null), the ledger and the same arguments.
     */
    private static MethodHandle guard(MethodHandle handle, MethodHandle enter, MethodHandle exit, int shared) {
        MethodType type = handle.type();
        Class<?> result = type.returnType();
        List<Class<?>> sharedTypes = new ArrayList<>(type.parameterList().subList(0, shared));
        MethodHandle cleanup;
        if (result == void.class) {
            cleanup = exit;
        } else {
            // (Throwable, R, Ledger, shared...)R: gives the result back after exit ran
            List<Class<?>> after = new ArrayList<>(List.of(Ledger.class));
            after.addAll(sharedTypes);
            MethodHandle give = MethodHandles.dropArguments(
                    MethodHandles.dropArguments(MethodHandles.identity(result), 0, Throwable.class), 2, after);
            cleanup = MethodHandles.foldArguments(give, MethodHandles.dropArguments(exit, 1, result));
        }
        MethodHandle body = MethodHandles.tryFinally(MethodHandles.dropArguments(handle, 0, Ledger.class), cleanup);
        MethodHandle wrapped = MethodHandles.foldArguments(body, enter);
        if (!wrapped.type().equals(type)) {
            throw new IllegalStateException("wrapped handle " + wrapped.type() + " is not " + type);
        }
        return wrapped;
    }
}
