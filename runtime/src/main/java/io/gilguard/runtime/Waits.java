package io.gilguard.runtime;

/**
 * {@code CONTENDED}: a thread waited {@code longWait} or more for a tracked lock that another
 * thread held inside native code. Just before a rewritten {@code lock()} call, the waiter looks
 * at the lock's holder ({@link Locks#holders}, racy by design): only when another thread holds
 * it and is inside a native call made holding a lock does the wait get timed, so an
 * uncontended {@code lock()} reads a few fields and takes no time. When the lock is taken, the
 * wait ends ({@link Holds#began}); a long one is reported, naming the waiter (the thread), the
 * holder ({@code owner=}), where the waiter called {@code lock()} (the site), where the holder
 * took the lock (acquired at) and the holder's native method. A monitor's wait begins and ends
 * by the JVM's word instead ({@link MonitorWaits}): no code runs before a {@code monitorenter}
 * or a synchronized method's entry.
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
            me.holds.waiting(lock, System.nanoTime(), holder, holder.sites[lock], holder.holds.nativeAt(), null);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    /** The thread took the lock it waited for, after {@code waited} ns: a finding if long. */
    static void end(Ledger ledger, int lock, Object member, long waited, Ledger holder, int holderSite,
                    Boundary holderIn) {
        ledger.holds.waited(lock, waited);
        if (waited >= longWaitNanos) {
            report(ledger, lock, member, ledger.sites[lock], waited, holder, holderSite, holderIn);
        }
    }

    /**
     * A monitor's wait ({@link MonitorWaits}) that makes no new hold (the thread holds another
     * member of the family): its site is the innermost application frame, the {@code synchronized}
     * block or method that blocked, found by a stack walk, on a wait that already lasted
     * {@code longWait}. (For a block, an interpreted frame names the line after the
     * {@code synchronized} statement's: the JVM has moved past {@code monitorenter}.)
     */
    static void endMonitor(Ledger ledger, int lock, Object member, long waited, Ledger holder, int holderSite,
                           Boundary holderIn) {
        ledger.holds.waited(lock, waited);
        if (waited >= longWaitNanos) {
            report(ledger, lock, member, CallerSite.innermost(), waited, holder, holderSite, holderIn);
        }
    }

    private static void report(Ledger ledger, int lock, Object member, int site, long waited, Ledger holder,
                               int holderSite, Boundary holderIn) {
        String in = holderIn == null ? null
                : "holder in " + (holderIn.symbol != null ? holderIn.symbol : LongHolds.shortName(holderIn.site));
        Violations.report(ledger, Violation.of(Kind.CONTENDED).lock(lock).member(member)
                .owner(Ledgers.threadName(holder)).site(site).acquiredAt(holderSite).note(in).nanos(waited));
    }
}
