package io.gilguard.runtime;

/**
 * {@code CONTENDED}: a thread waited {@code longWait} or more for a tracked lock that another
 * thread held inside native code. Just before a rewritten {@code lock()} call, the waiter looks
 * at the lock's holder ({@link Locks#holders}, racy by design): only when another thread holds
 * it and is inside a native call made holding a lock does the wait get timed, so an
 * uncontended {@code lock()} reads a few fields and takes no time. When the lock is taken, the
 * wait ends ({@link Holds#began}); a long one is reported, naming the waiter (the thread), the
 * holder ({@code owner=}), where the waiter called {@code lock()} (the site), where the holder
 * took the lock (acquired at) and the holder's native method.
 */
public final class Waits {
    private static volatile long longWaitNanos = 50_000_000L;

    private Waits() {}

    /** A wait at least this long is a finding. */
    public static void longWait(long nanos) {
        longWaitNanos = nanos;
    }

    /** The holder ({@code holder.counts[lock] > 0}, inside native code) makes this thread wait, from now. */
    static void begin(Ledger holder, int lock) {
        try {
            Ledger me = Ledger.current();
            if (me == holder) {
                return; // a reentry: no wait
            }
            me.holds.waiting(lock, System.nanoTime(), holder, holder.sites[lock], holder.holds.nativeAt());
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    /** The thread took the lock it waited for: how long it waited, a finding if long. */
    static void end(Ledger ledger, int lock, long from, Ledger holder, int holderSite, Boundary holderIn) {
        long waited = System.nanoTime() - from;
        ledger.holds.waited(lock, waited);
        if (waited < longWaitNanos) {
            return;
        }
        String in = holderIn == null ? null
                : "holder in " + (holderIn.symbol != null ? holderIn.symbol : LongHolds.shortName(holderIn.site));
        Violations.report(ledger, Violation.of(Kind.CONTENDED).lock(lock).owner(Ledgers.threadName(holder))
                .site(ledger.sites[lock]).acquiredAt(holderSite).note(in).nanos(waited));
    }
}
