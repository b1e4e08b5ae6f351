package io.gilguard.runtime;

import io.gilguard.nativehooks.NativeHooks;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What the JVM says about a lock the ledger may not know of, so that {@code require} and
 * {@code forbid} give the JVM's answer: a hold taken where gilguard does not look (the JDK, a
 * frame older than the attach, a {@code synchronized native} method of a static lock's object,
 * JNI {@code MonitorEnter}), or a ledger count that outlived the hold. Only the case the ledger
 * cannot settle asks the JVM; a method pair has no owner to ask about.
 */
final class JvmHolds {
    private JvmHolds() {}

    /**
     * The ledger says the thread does not hold {@code lock}: does it, after all? On {@code forbid}'s
     * common path: for a {@code ReentrantLock} one owner read; for a monitor
     * {@link Thread#holdsLock}; for a family only a JNI depth read unless JNI monitors are held.
     */
    static boolean untracked(Ledger ledger, int lock) {
        return untracked(ledger, lock, -1);
    }

    /** {@code jniDepth}: the JNI monitors the thread holds, if the caller has just read them; -1 to read them. */
    static boolean untracked(Ledger ledger, int lock, int jniDepth) {
        Object o = Locks.bound[lock];
        return o != null && LockHooks.heldUntracked(o)
                || (jniDepth < 0 ? jniHeld(ledger) : jniDepth > 0) && heldThroughJni(lock);
    }

    /**
     * The ledger says the thread holds {@code lock}: does the JVM agree? False only where it can
     * say so: a static {@code ReentrantLock}/write lock or monitor that is free, or a family whose
     * members the ledger holds are all free. On the violation path only.
     */
    static boolean confirmed(Ledger ledger, int lock) {
        if (Locks.family(lock)) {
            MemberHolds m = ledger.members;
            for (int i = 0; m != null && i < m.size; i++) {
                Object o = m.objects[i];
                if (m.families[i] == lock && (!askable(o) || LockHooks.heldUntracked(o))) {
                    return true;
                }
            }
            return false;
        }
        Object o = Locks.bound[lock];
        return o == null || !askable(o) || LockHooks.heldUntracked(o);
    }

    /**
     * Whether the JVM can tell if this thread holds lock {@code lock}: a static lock whose object
     * is known and askable; never a method pair, nor a family (which member?).
     */
    static boolean askable(int lock) {
        Object o = Locks.bound[lock];
        return o != null && askable(o);
    }

    /** Whether the JVM can tell if this thread holds {@code o}: a monitor, a reentrant lock or write lock. */
    static boolean askable(Object o) {
        return !(o instanceof Lock) || o instanceof ReentrantLock || o instanceof ReentrantReadWriteLock.WriteLock;
    }

    private static boolean jniHeld(Ledger ledger) {
        long record = ledger.jniRecord;
        return record != 0 && JniMonitors.depth(record) > 0;
    }

    private static boolean heldThroughJni(int lock) {
        for (Object monitor : NativeHooks.jniMonitors()) {
            if (Locks.find(monitor) == lock) {
                return true;
            }
        }
        return false;
    }
}
