package io.gilguard.runtime;

import java.lang.invoke.MethodHandle;

/**
 * FFM downcalls ({@code java.lang.foreign}, JDK 22+): a downcall handle is made by the JDK's
 * linker, not by the application, and calls C without a {@code native} method to wrap. The
 * advice on the linker gives each handle it returns to {@link #wrap} (or {@link #wrapUnbound}),
 * which returns, for a symbol a {@code native:} rule names, the same handle (same exact type)
 * with the boundary's enter before the call and its exit after, also when the call throws
 * ({@link ForeignHandles}). The advice on the JDK's symbol lookups gives each name and address
 * to {@link #found}. Which boundary a symbol enters is the agent's answer ({@link Resolver}),
 * asked once per symbol.
 *
 * <p>This runtime compiles for Java 17, where {@code java.lang.foreign} does not exist: the
 * linker's types are {@code Object} here, and their methods handles found once by name.
 */
public final class ForeignDowncalls {
    /** The agent's answer for a C symbol. */
    public interface Resolver {
        /** The boundary every call of {@code symbol} enters, or -1; {@code loader} (or null) sees the locks' classes. */
        int boundary(String symbol, ClassLoader loader);
    }

    private static volatile Resolver resolver;

    private ForeignDowncalls() {}

    /** The agent that answers, the one attached last; null after a detach. The answers cached so far are dropped. */
    public static void resolver(Resolver r) {
        resolver = r;
        ForeignSymbols.forget();
    }

    /** A symbol lookup found {@code symbol} at {@code address} (0: not found). */
    public static void found(String symbol, long address) {
        if (address == 0 || symbol == null) {
            return;
        }
        try {
            ForeignSymbols.found(symbol, address);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    /**
     * The handle the linker made for the address {@code segment} (a {@code MemorySegment}), with
     * its symbol's boundary around each call; {@code handle} itself when no rule names the symbol
     * or the address was not found by a symbol lookup gilguard saw.
     */
    public static MethodHandle wrap(Object segment, MethodHandle handle) {
        if (segment == null || handle == null) {
            return handle;
        }
        try {
            ForeignSymbols.Entry e = ForeignSymbols.at(ForeignHandles.address(segment));
            if (e == null && resolver != null) {
                Errors.note("an FFM downcall handle was made for an address no symbol lookup gilguard saw had found"
                        + " (a function pointer from C, MemorySegment.ofAddress, a lookup made before an attach):"
                        + " no native: rule can name its calls");
            }
            int code = e == null ? NONE : code(e);
            return code == NONE ? handle : ForeignHandles.around(handle, boundary(code), (code & 1) != 0);
        } catch (Throwable t) {
            Errors.internal(t);
            return handle;
        }
    }

    /**
     * A handle that takes the address as its first argument: each call looks its address up
     * ({@link #codeAt}), once, without a lock and without allocating, and enters the boundary of
     * its symbol, if a rule names it.
     */
    public static MethodHandle wrapUnbound(MethodHandle handle) {
        if (handle == null || resolver == null) {
            return handle;
        }
        try {
            return ForeignHandles.aroundEach(handle);
        } catch (Throwable t) {
            Errors.internal(t);
            return handle;
        }
    }

    /** What a cached entry code says when no rule names the symbol. */
    static final int NONE = (-1 + 2) << 1;

    static int boundary(int code) {
        return (code >>> 1) - 2;
    }

    /**
     * Before a call through a handle wrapped for boundary {@code id}: its enter. A handle cannot be
     * changed once made: after a detach (no agent answers any more) it enters nothing.
     */
    static Ledger enter(int id) {
        return resolver == null ? null : Boundaries.enter(id);
    }

    /**
     * For a call through a handle that takes its address: the boundary code of that address's
     * symbol ({@link #NONE} for none), looked up once per call and given to both
     * {@link #enterCode} and {@link #exitCode}.
     */
    static int codeAt(Object segment) {
        if (segment == null || resolver == null) {
            return NONE;
        }
        try {
            ForeignSymbols.Entry e = ForeignSymbols.at(ForeignHandles.address(segment));
            return e == null ? NONE : code(e);
        } catch (Throwable t) {
            Errors.internal(t);
            return NONE;
        }
    }

    /** Before a call {@link #codeAt} found the boundary of: its enter, null for none. */
    static Ledger enterCode(int code) {
        if (code == NONE) {
            return null;
        }
        return (code & 1) == 0 ? enter(boundary(code)) : enterEnforced(boundary(code));
    }

    /** After a call {@link #enterCode} entered a boundary for: its exit. */
    static void exitCode(Throwable thrown, Ledger ledger, int code) {
        if (ledger != null) {
            Boundaries.exit(boundary(code), ledger);
        }
    }

    /** Enter for a boundary with an enforced policy: a broken one throws its error before the call. */
    static Ledger enterEnforced(int id) {
        if (resolver == null) {
            return null;
        }
        Object entered = Boundaries.enterEnforced(id);
        if (entered instanceof GilguardError) {
            throw (GilguardError) entered;
        }
        return (Ledger) entered;
    }

    /** The entry's boundary code, asking the agent the first time (the hot path reads the cached one). */
    private static int code(ForeignSymbols.Entry e) {
        int code = e.code;
        if (code == 0) {
            int id = -1;
            Resolver r = resolver;
            if (r != null) {
                try {
                    id = r.boundary(e.symbol, CallerSite.applicationLoader());
                } catch (Throwable t) {
                    Errors.internal(t);
                }
            }
            code = (id + 2) << 1 | (id >= 0 && Boundaries.enforces(id) ? 1 : 0);
            e.code = code;
        }
        return code;
    }
}
