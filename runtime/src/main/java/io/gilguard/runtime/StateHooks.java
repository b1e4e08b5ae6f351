package io.gilguard.runtime;

/**
 * What the code of a thread-state class calls (see {@code instrument.OwnedStateRewriter}). Such a
 * class gets two fields, its owner thread and the site where that thread became the owner: a
 * creator-owned object sets them on entry to its constructor, a binder-owned one in its bind
 * method. Every checked method starts with {@link #check}: one read of the owner field and a
 * comparison with {@code Thread.currentThread()}; nothing else runs unless they differ.
 *
 * <p>The {@code *Unfielded} hooks are the fallback for a class that was loaded before gilguard
 * could add the fields: the owner is then kept in {@link OwnerMap}, looked up on every call.
 *
 * <p>Under {@code enforce} a foreign use throws {@link GilguardError} from here, before the
 * method's own code runs; every other failure of these hooks is the agent's own, caught and
 * counted.
 */
public final class StateHooks {
    private StateHooks() {}

    /** First thing in a checked method of an owned object: is this its owner's thread? */
    public static void check(Thread owner, int ownerSite, Object state, int rule, int method) {
        if (owner != Thread.currentThread()) {
            foreign(owner, ownerSite, state, rule, method, 0, null);
        }
    }

    /**
     * First thing in a bind method: the state must not be bound to another thread. Returns the
     * site to keep as where it was bound; the caller then makes this thread the owner.
     */
    public static int binding(Thread owner, int ownerSite, Object state, int rule, int method) {
        int site = CallSites.take(method);
        if (owner != null && owner != Thread.currentThread()) {
            foreign(owner, ownerSite, state, rule, method, site, "bind while bound to another thread");
        }
        return site;
    }

    /** First thing in an unbind method: only the binder may unbind (the method's returns clear the owner). */
    public static void unbinding(Thread owner, int ownerSite, Object state, int rule, int method) {
        int site = CallSites.take(method);
        if (owner != Thread.currentThread()) {
            foreign(owner, ownerSite, state, rule, method, site, owner == null ? null : "unbind by another thread");
        }
    }

    // The fallback, for classes loaded before gilguard: the same checks against OwnerMap.

    /** At each return of a constructor of a creator-owned class (the object is complete there). */
    public static void createdUnfielded(Object state, int rule, int constructor) {
        try {
            int site = CallSites.take(constructor);
            OwnerMap.putIfAbsent(state, Thread.currentThread(), site);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    /** An object made before gilguard saw its class has no record, and is not checked. */
    public static void checkUnfielded(Object state, int rule, int method) {
        OwnerMap.Owner o = record(state);
        if (o != null && o.thread != Thread.currentThread()) {
            foreign(o.thread, o.site, state, rule, method, 0, null);
        }
    }

    public static void bindingUnfielded(Object state, int rule, int method) {
        int site = CallSites.take(method);
        OwnerMap.Owner o;
        try {
            o = OwnerMap.putIfAbsent(state, null, 0);
        } catch (Throwable t) {
            Errors.internal(t);
            return;
        }
        Thread owner = o.thread;
        if (owner != null && owner != Thread.currentThread()) {
            foreign(owner, o.site, state, rule, method, site, "bind while bound to another thread");
        }
        o.site = site;
        o.thread = Thread.currentThread();
    }

    public static void unbindingUnfielded(Object state, int rule, int method) {
        int site = CallSites.take(method);
        OwnerMap.Owner o = record(state);
        if (o != null && o.thread != Thread.currentThread()) {
            foreign(o.thread, o.site, state, rule, method, site, o.thread == null ? null : "unbind by another thread");
        }
    }

    /** At each normal return of an unbind method: no thread owns the state now. */
    public static void unboundUnfielded(Object state) {
        OwnerMap.Owner o = record(state);
        if (o != null) {
            o.thread = null;
        }
    }

    private static OwnerMap.Owner record(Object state) {
        try {
            return OwnerMap.get(state);
        } catch (Throwable t) {
            Errors.internal(t);
            return null;
        }
    }

    /**
     * The violation path: {@code site} is where the misuse was (0, or {@code method} itself when
     * no caller parked its site, as a caller whose code is older than the attach does: find the
     * caller of {@code method}). An owner null is a binder's state used while bound to no thread, or a
     * creator's state made without a constructor (deserialized, allocated by native code): that
     * one has no owner to check against, and is let be.
     */
    private static void foreign(Thread owner, int ownerSite, Object state, int rule, int method, int site, String note) {
        GilguardError refused = null;
        try {
            Ledger ledger = Ledger.current();
            boolean binder = States.owner(rule) == States.BINDER;
            if (ledger.busy || owner == null && !binder) {
                return;
            }
            Violation.Builder report = Violation.of(Kind.FOREIGN_STATE)
                    .label(state.getClass().getName())
                    .owner(owner == null ? null : owner.getName())
                    .site(site != 0 && site != method ? site : CallerSite.of(method))
                    .acquiredAt(owner == null ? 0 : ownerSite)
                    .origin(owner == null ? null : binder ? "bound" : "created")
                    .note(owner == null ? "not bound to any thread" : note);
            Violations.report(ledger, report);
            if (States.enforced(rule)) {
                refused = Enforce.error(report.build());
            }
        } catch (Throwable t) {
            Errors.internal(t);
        }
        if (refused != null) {
            throw refused;
        }
    }
}
