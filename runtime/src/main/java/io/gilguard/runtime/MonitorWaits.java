package io.gilguard.runtime;

import java.util.Map;

/**
 * {@code CONTENDED} for monitors ({@code synchronized} blocks and methods on a {@code static}
 * lock's object or a {@code monitor}/{@code field} family's member). A thread that waits to enter
 * a monitor runs no code of gilguard's before the JVM has it (a synchronized method is entered
 * by the JVM itself), so the native hooks' JVMTI MonitorContendedEnter says when a wait begins
 * and MonitorContendedEntered when it ends. Both come only when the monitor is owned by another
 * thread: the uncontended {@code monitorenter} is untouched. A wait is timed only when the
 * monitor is a tracked lock whose holder is inside a native call made holding a lock, as for a
 * {@code Lock} ({@link Waits}); it is reported where the ledger hears of the acquisition, right
 * after, whose site is the one every other report names ({@link Holds#monitorEntered}).
 */
final class MonitorWaits {
    private MonitorWaits() {}

    /** The current thread blocks entering {@code monitor}; true if the wait is timed. */
    static boolean contended(Object monitor) {
        int lock = Locks.idOf(monitor);
        Ledger holder;
        int holderSite;
        if (lock >= 0) {
            holder = Locks.holders[lock];
            if (holder == null || holder.counts[lock] <= 0) {
                return false;
            }
            holderSite = holder.sites[lock];
        } else if (Families.any && (lock = Families.of(monitor)) >= 0) {
            holder = holderOf(monitor);
            if (holder == null) {
                return false;
            }
            holderSite = holder.memberSite(monitor);
        } else {
            return false;
        }
        if (!Holds.inNative(holder)) {
            return false;
        }
        // only now: a thread that meets an untracked monitor gets no ledger from it
        Ledger me = Ledger.current();
        if (me == holder || me.busy) {
            return false; // busy: gilguard's own work meets an application's monitor, not a wait of it
        }
        me.holds.waiting(lock, System.nanoTime(), holder, holderSite, holder.holds.nativeAt(),
                Locks.family(lock) ? monitor : null);
        return true;
    }

    /** ... and now owns it. */
    static void entered(Object monitor) {
        int lock = Locks.idOf(monitor);
        if (lock < 0 && Families.any) {
            lock = Families.of(monitor);
        }
        if (lock >= 0) {
            Ledger me = Ledger.current();
            me.holds.monitorEntered(me, lock);
        }
    }

    /**
     * The thread whose ledger holds family member {@code monitor}: a walk of every ledger, on
     * the contended path only. Another thread's table is read as it changes: a read that races
     * it finds nothing, as if the wait had begun a moment later.
     */
    private static Ledger holderOf(Object monitor) {
        for (Map.Entry<Thread, Ledger> e : Ledgers.byThread().entrySet()) {
            Ledger l = e.getValue();
            try {
                if (l.holdsMember(monitor)) {
                    return l;
                }
            } catch (RuntimeException racing) {
                // its table grew under the read
            }
        }
        return null;
    }
}
