package io.gilguard.runtime;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A JNA function call ({@code com.sun.jna.Function.invoke}, the narrowest window around JNA's
 * {@code Native.invokeXxx}) enters the boundary of its C symbol, the name JNA links after the
 * {@code FunctionMapper}. The advice inlined into JNA's {@code Function} asks here, by that name,
 * which boundary; the answer is kept per name in a map whose reads take no lock and allocate
 * nothing, so only the first call of a name reaches the agent ({@link Resolver}, the run's plan).
 * A class of its own because the runtime cannot see JNA, nor JNA the agent.
 */
public final class JnaFunctions {
    /** The agent's answer for a C symbol not seen yet. */
    public interface Resolver {
        /**
         * The boundary every call of {@code symbol} enters, as {@link #code}, or -1;
         * {@code loader} is JNA's.
         */
        int boundary(String symbol, ClassLoader loader);
    }

    /**
     * What the map keeps for a boundary: its number, doubled, plus one when a policy there is
     * enforced, so that a call of any other boundary takes the plain {@link Boundaries#enter}.
     */
    public static int code(int boundary, boolean enforced) {
        return boundary << 1 | (enforced ? 1 : 0);
    }

    /** Per C symbol, its boundary's {@link #code} (-1: none); emptied when the agent that answered goes. */
    private static final ConcurrentHashMap<String, Integer> KNOWN = new ConcurrentHashMap<>();
    private static volatile Resolver resolver;
    /** A function without a C name was met, and said so: its calls ask again each time, and must not say it again. */
    private static volatile boolean pointerSaid;
    /** In what JNA names a function made from a pointer: {@code native@0x7f...} (a pointer's {@code toString}). */
    private static final String POINTER = "@0x";

    private JnaFunctions() {}

    /** The agent that answers for names not seen yet: the one attached last, null after a detach. */
    public static void resolver(Resolver r) {
        resolver = r;
        KNOWN.clear();
    }

    /** Before a JNA function call: the {@link #code} of C symbol {@code name}'s boundary, or -1. {@code function} is JNA's {@code Function}. */
    public static int boundary(String name, Object function) {
        if (name == null) {
            return -1;
        }
        Integer known = KNOWN.get(name);
        return known != null ? known : resolve(name, function);
    }

    /**
     * The first call of a name: the only one that allocates or reaches the agent. A function made
     * from a bare pointer ({@code Function.getFunction(Pointer)}) has no symbol, only a made-up
     * name per address: none is kept, so that such names cannot fill the map.
     */
    private static int resolve(String name, Object function) {
        Resolver r = resolver;
        if (r == null) {
            return -1;
        }
        if (name.contains(POINTER)) {
            if (!pointerSaid) {
                pointerSaid = true;
                Errors.note("a JNA function made from a bare pointer (" + name + ") has no C name: no native: rule can"
                        + " name its calls");
            }
            return -1;
        }
        int id = -1;
        try {
            id = r.boundary(name, function.getClass().getClassLoader());
        } catch (Throwable t) {
            Errors.internal(t);
        }
        KNOWN.put(name, id);
        return id;
    }

    /**
     * Enters the boundary {@link #boundary} found, nothing (null) for -1: the ledger, or, where
     * a policy is enforced and broken, the error to throw instead of making the call.
     */
    public static Object enter(int code) {
        return code < 0 ? null : (code & 1) == 0 ? Boundaries.enter(code >> 1) : Boundaries.enterEnforced(code >> 1);
    }

    /** After the call: {@link Boundaries#exit} of the boundary {@link #enter} entered. */
    public static void exit(int code, Ledger ledger) {
        Boundaries.exit(code >> 1, ledger);
    }
}
