package io.gilguard.runtime;

import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What rewritten call sites call, next to (or instead of) the lock method they named: the ledger
 * follows the lock. {@code site} is the number given to the call site at instrumentation time.
 * The application's own exceptions pass through unchanged; the agent's never do.
 */
public final class LockHooks {
    private LockHooks() {}

    /** After a successful {@code lock()}, {@code lockInterruptibly()}, or {@code monitorenter}. */
    public static void acquired(Object lock, int site) {
        take(lock, site, false);
    }

    /**
     * {@link #acquired(Object, int)} at a call site that read the lock from the static field of
     * lock {@code id} just before: the value is that lock's bound object, unless the field was set
     * where gilguard did not see it. One compare confirms it, in place of a search of every lock.
     */
    public static void acquired(Object lock, int id, int site) {
        takeAs(lock, isBound(lock, id) ? id : Locks.idOf(lock), site, false);
    }

    private static boolean isBound(Object lock, int id) {
        Object[] b = Locks.bound;
        return id < b.length && b[id] == lock;
    }

    private static void take(Object lock, int site, boolean tried) {
        takeAs(lock, Locks.idOf(lock), site, tried);
    }

    /**
     * {@code id}: the lock's number, -1 if it is no static lock's. {@code tried}: taken by a
     * {@code tryLock}, which gives up rather than wait, so it cannot be the acquisition a deadlock
     * waits on: the ledger counts it, the lock-order graph does not.
     */
    private static void takeAs(Object lock, int id, int site, boolean tried) {
        if (id < 0) {
            if (Families.any) {
                memberAcquired(lock, site, tried);
            }
            return;
        }
        try {
            Ledger ledger = Ledger.current();
            if (tried) {
                ledger.tried = true;
                ledger.acquire(id, site);
                ledger.tried = false;
            } else {
                ledger.acquire(id, site);
            }
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    /**
     * Before {@code lock()} or {@code lockInterruptibly()} where some lock is enforced: an
     * enforced lock whose acquisition would close a lock-order cycle is refused here, before the
     * call can wait for it ({@link GilguardError}). Other locks pass untouched.
     */
    public static void acquiring(Object lock, int site) {
        int id = Locks.idOf(lock);
        if (id < 0 && Families.any) {
            id = Families.of(lock);
        }
        if (id < 0 || !Enforce.lock(id)) {
            return;
        }
        GilguardError refused = null;
        try {
            refused = LockOrder.refuses(Ledger.current(), id, site);
        } catch (Throwable t) {
            Errors.internal(t);
        }
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * Just before {@code lock()}: when another thread holds the tracked lock inside native code,
     * the wait is timed ({@link Waits}); else nothing but a few reads.
     */
    public static void locking(Object lock) {
        locked(lock, Locks.idOf(lock));
    }

    /** {@link #locking(Object)} where the lock was read from lock {@code id}'s static field (see {@link #acquired(Object, int, int)}). */
    public static void locking(Object lock, int id) {
        locked(lock, isBound(lock, id) ? id : Locks.idOf(lock));
    }

    private static void locked(Object lock, int id) {
        if (id >= 0) {
            try {
                Ledger holder = Locks.holders[id];
                if (holder != null && holder.counts[id] > 0 && Holds.inNative(holder)) {
                    Waits.begin(holder, id);
                }
            } catch (Throwable t) {
                Errors.internal(t); // a ledger sized by an earlier attach's rules
            }
        }
    }

    /** After {@code tryLock()}: counts the lock if it was taken; returns what the call returned. */
    public static boolean tried(Object lock, boolean taken, int site) {
        if (taken) {
            take(lock, site, true);
        }
        return taken;
    }

    /**
     * Just before {@code unlock()}, so that an unlock the lock refuses (not the owner) is still
     * reported, and so that {@code enforce} can refuse it first: then this throws
     * {@link GilguardError} and the unlock does not run.
     */
    public static void released(Object lock, int site) {
        releasedAs(lock, Locks.idOf(lock), site);
    }

    /** {@link #released(Object, int)} where the lock was read from lock {@code id}'s static field (see {@link #acquired(Object, int, int)}). */
    public static void released(Object lock, int id, int site) {
        releasedAs(lock, isBound(lock, id) ? id : Locks.idOf(lock), site);
    }

    private static void releasedAs(Object lock, int id, int site) {
        GilguardError refused = id >= 0 ? release(lock, id, site, true)
                : Families.any ? memberReleased(lock, site, true) : null;
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * Just after {@code monitorexit}. Never enforced: the JVM itself refuses the exit of a monitor
     * the thread does not own, and by now the exit has happened.
     */
    public static void monitorExited(Object lock, int site) {
        int id = Locks.idOf(lock);
        if (id >= 0) {
            release(lock, id, site, false);
        } else if (Families.any) {
            memberReleased(lock, site, false);
        }
    }

    /** A {@code synchronized} method of a class in monitor family {@code family} was entered. */
    public static void memberEntered(Object member, int family, int site) {
        try {
            Ledger.current().acquireMember(family, member, site);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    /** ... and left, by a return or a throw. An exit the ledger did not see enter is history older than gilguard. */
    public static void memberExited(Object member, int family) {
        try {
            Ledger.current().releaseMember(family, member);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    private static void memberAcquired(Object lock, int site, boolean tried) {
        try {
            int family = Families.of(lock);
            if (family >= 0) {
                Ledger ledger = Ledger.current();
                ledger.tried = tried;
                ledger.acquireMember(family, lock, site);
                ledger.tried = false;
            }
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    /**
     * A member's release. A monitor's exit the ledger did not see enter (entered before the
     * attach, or where gilguard does not look) is unknown history, not a violation: the JVM
     * pairs monitors itself. A Lock's unlock by a thread that does not hold it is reported.
     */
    private static GilguardError memberReleased(Object lock, int site, boolean isLock) {
        try {
            int family = Families.of(lock);
            if (family < 0) {
                return null;
            }
            Ledger ledger = Ledger.current();
            if (!ledger.releaseMember(family, lock) && isLock && !heldUntracked(lock)) {
                return badMemberRelease(ledger, family, lock, site, JvmHolds.askable(lock));
            }
        } catch (Throwable t) {
            Errors.internal(t);
        }
        return null;
    }

    /**
     * {@code enforceable}: before the release runs (an {@code unlock()}), when the JVM can still
     * say whether the thread holds the lock; a monitor's exit has already happened.
     */
    private static GilguardError release(Object lock, int id, int site, boolean enforceable) {
        try {
            Ledger ledger = Ledger.current();
            if (!ledger.release(id) && !heldUntracked(lock)) {
                return badRelease(ledger, id, site, 0, enforceable, enforceable && JvmHolds.askable(lock));
            }
        } catch (Throwable t) {
            Errors.internal(t);
        }
        return null;
    }

    public static boolean tryLock(Lock lock, long time, TimeUnit unit, int site) throws InterruptedException {
        return tried(lock, lock.tryLock(time, unit), site);
    }

    public static Condition newCondition(Lock lock) {
        Condition condition = lock.newCondition();
        int id = Locks.idOf(lock);
        if (id >= 0) {
            Locks.bindCondition(condition, id);
        }
        return condition;
    }

    // await lets the lock go and takes it back: the ledger follows, so that another thread
    // taking the lock meanwhile is not mistaken for anything, and the count is the same after.

    public static void await(Condition condition) throws InterruptedException {
        long held = suspend(condition);
        try {
            condition.await();
        } finally {
            resume(held);
        }
    }

    public static void awaitUninterruptibly(Condition condition) {
        long held = suspend(condition);
        try {
            condition.awaitUninterruptibly();
        } finally {
            resume(held);
        }
    }

    public static long awaitNanos(Condition condition, long nanos) throws InterruptedException {
        long held = suspend(condition);
        try {
            return condition.awaitNanos(nanos);
        } finally {
            resume(held);
        }
    }

    public static boolean await(Condition condition, long time, TimeUnit unit) throws InterruptedException {
        long held = suspend(condition);
        try {
            return condition.await(time, unit);
        } finally {
            resume(held);
        }
    }

    public static boolean awaitUntil(Condition condition, Date deadline) throws InterruptedException {
        long held = suspend(condition);
        try {
            return condition.awaitUntil(deadline);
        } finally {
            resume(held);
        }
    }


    public static void pairAcquired(int lock, int site) {
        try {
            Ledger.current().acquire(lock, site);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    /**
     * Before a pair lock's release method runs; returns what to throw instead of running it
     * ({@code enforce}), else null. {@code site} is where its Java caller called it, or
     * {@code own}, the method itself, when the caller parked no site (its code is older than the
     * attach, a method reference, reflection, native code): a report then looks for the caller.
     */
    public static GilguardError pairReleasing(int lock, int site, int own) {
        try {
            Ledger ledger = Ledger.current();
            if (!ledger.release(lock)) {
                return badRelease(ledger, lock, site, site == own ? own : 0, true, false);
            }
        } catch (Throwable t) {
            Errors.internal(t);
        }
        return null;
    }

    /** The static field of a lock was assigned: from now on its object is tracked. */
    public static void bind(Object value, int lock) {
        try {
            Locks.bind(value, lock);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    /**
     * The ledger says "not held" but the JVM says it is: taken by code gilguard does not rewrite
     * (the JDK, a class loaded before the agent). Asked on the violation path only.
     */
    static boolean heldUntracked(Object lock) {
        if (lock == null) {
            return false;
        }
        if (lock instanceof ReentrantLock) {
            return ((ReentrantLock) lock).isHeldByCurrentThread();
        }
        if (lock instanceof ReentrantReadWriteLock.WriteLock) {
            return ((ReentrantReadWriteLock.WriteLock) lock).isHeldByCurrentThread();
        }
        if (lock instanceof Lock) {
            return false;
        }
        return Thread.holdsLock(lock);
    }

    /**
     * Reports a release of a lock this thread does not hold; returns the error that refuses it
     * when the lock's releases are enforced ({@code enforceable}: the release has not run yet).
     * {@code askable}: the JVM said the thread does not hold it; else, on a thread older than the
     * attach, a release nobody else's hold explains may end a hold gilguard never saw: it is
     * counted, not judged ({@link OlderHolds}). {@code own}: not 0 when {@code site} is the
     * released method itself, to be replaced by its caller's line.
     */
    private static GilguardError badRelease(Ledger ledger, int lock, int site, int own, boolean enforceable,
                                            boolean askable) {
        Ledger holder = Locks.holders[lock];
        boolean foreign = holder != null && holder != ledger && holder.counts[lock] > 0;
        if (!foreign && !askable && OlderHolds.older(ledger)) {
            OlderHolds.releaseNotJudged();
            return null;
        }
        if (own != 0) {
            site = CallerSite.callerOf(own);
        }
        boolean refuse = enforceable && !ledger.busy && Enforce.lock(lock);
        Kind kind;
        int acquiredAt;
        String owner = null;
        if (foreign) {
            kind = Kind.FOREIGN_RELEASE;
            acquiredAt = holder.sites[lock];
            owner = Ledgers.threadName(holder);
            if (Locks.shape(lock) == Locks.PAIR && !refuse) {
                // A pair lock has no owner to refuse the release: the library let it go, so the
                // holder's ledger follows. This writes another thread's ledger, on this rare path
                // only; a race here can only blur a count that is already wrong.
                holder.release(lock);
            }
        } else {
            kind = Kind.UNPAIRED_RELEASE;
            acquiredAt = 0;
        }
        Violation.Builder report = Violation.of(kind).lock(lock).owner(owner).site(site).acquiredAt(acquiredAt);
        Violations.report(ledger, report);
        return refuse ? Enforce.error(report.build()) : null;
    }

    /** {@link #badRelease} for a family member: the holder, if any, is found by its ledger. */
    private static GilguardError badMemberRelease(Ledger ledger, int family, Object member, int site, boolean askable) {
        Ledger holder = null;
        String owner = null;
        for (java.util.Map.Entry<Thread, Ledger> e : Ledgers.byThread().entrySet()) {
            if (e.getValue() != ledger && e.getValue().holdsMember(member)) {
                holder = e.getValue();
                owner = e.getKey().getName();
            }
        }
        if (holder == null && !askable && OlderHolds.older(ledger)) {
            OlderHolds.releaseNotJudged();
            return null;
        }
        Violation.Builder report = Violation.of(holder != null ? Kind.FOREIGN_RELEASE : Kind.UNPAIRED_RELEASE)
                .lock(family).member(member).owner(owner).site(site)
                .acquiredAt(holder != null ? holder.memberSite(member) : 0);
        Violations.report(ledger, report);
        return !ledger.busy && Enforce.lock(family) ? Enforce.error(report.build()) : null;
    }

    /** The object in a field family's field ({@code family}) was assigned or read: it is a member. */
    public static void member(Object value, int family) {
        try {
            Families.bind(value, family);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    /** Lets the ledger go of the condition's lock; returns what {@link #resume} gives back (lock, count). */
    private static long suspend(Condition condition) {
        int lock = Locks.lockOfCondition(condition);
        if (lock < 0) {
            return -1;
        }
        try {
            return (long) lock << 32 | Ledger.current().suspend(lock);
        } catch (Throwable t) {
            Errors.internal(t);
            return -1;
        }
    }

    private static void resume(long held) {
        if (held < 0) {
            return;
        }
        try {
            Ledger.current().resume((int) (held >>> 32), (int) held);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }
}
