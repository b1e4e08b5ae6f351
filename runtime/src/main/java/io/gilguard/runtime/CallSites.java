package io.gilguard.runtime;

/**
 * A call site's number handed from the caller to the callee, through the ledger: the rewritten
 * call site parks it just before the call, the callee's advice takes it. So a pair lock's method,
 * a state's constructor, bind or unbind, and a token's save or restore name the line of their
 * Java caller without a stack walk.
 */
public final class CallSites {
    private CallSites() {}

    /** Just before the call. */
    public static void park(int site) {
        try {
            Ledger.current().callSite = site;
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    /** In the callee: the site its Java caller parked, else {@code own} (called from native code, by reflection). */
    public static int take(int own) {
        try {
            Ledger ledger = Ledger.current();
            int site = ledger.callSite;
            ledger.callSite = 0;
            return site == 0 ? own : site;
        } catch (Throwable t) {
            Errors.internal(t);
            return own;
        }
    }
}
