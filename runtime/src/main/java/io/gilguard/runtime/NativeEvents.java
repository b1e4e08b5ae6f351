package io.gilguard.runtime;

import io.gilguard.nativehooks.NativeHooks;

/**
 * What the native hooks see, turned into reports. Each call comes on the thread concerned, from
 * native code: it reports and returns, never waits for anything, and never throws (an agent
 * error is counted like any other). Violations and Errors catch their own failures.
 */
public final class NativeEvents implements NativeHooks.Listener {
    private static final String ENTERED = "entered through JNI MonitorEnter";

    @Override
    public void threadEnding(Thread thread, Object[] jniMonitors) {
        try {
            heldAtExit(thread, jniMonitors);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    private static void heldAtExit(Thread thread, Object[] jniMonitors) {
        String name = thread.getName();
        Ledger ledger = Ledgers.of(thread);
        if (ledger != null) {
            ledger.endedAs = name;
            for (int lock = 0; lock < ledger.counts.length; lock++) {
                if (ledger.counts[lock] > 0 && !Locks.family(lock) && stillHeld(Locks.bound[lock])) {
                    Violations.report(null, Violation.of(Kind.HELD_AT_THREAD_EXIT).lock(lock).thread(name)
                            .acquiredAt(ledger.sites[lock]).holdCount(ledger.counts[lock]));
                }
            }
            MemberHolds m = ledger.members;
            for (int i = 0; m != null && i < m.size; i++) {
                if (stillHeld(m.objects[i])) {
                    Violations.report(null, Violation.of(Kind.HELD_AT_THREAD_EXIT).lock(m.families[i])
                            .member(m.objects[i]).thread(name).acquiredAt(m.sites[i]).holdCount(m.counts[i]));
                }
            }
        }
        // on the ending thread, whose record still says which downcall entered each
        int[] entered = NativeHooks.jniMonitorSites(jniMonitors);
        for (int i = 0; i < jniMonitors.length; i++) {
            JniMonitors.report(Kind.HELD_AT_THREAD_EXIT, jniMonitors[i], name, 0, entered[i], ENTERED);
        }
        Tokens.threadEnded(thread);
    }

    /** The JVM has the last word on a lock that has an owner (this is the ending thread); a pair has none. */
    private static boolean stillHeld(Object lock) {
        return lock == null || LockHooks.heldUntracked(lock);
    }

    @Override
    public void unpairedMonitorExit(Thread thread, Object monitor) {
        try {
            JniMonitors.report(Kind.UNPAIRED_RELEASE, monitor, thread.getName(), CallerSite.innermost(), 0, "JNI MonitorExit");
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    @Override
    public void exitedAttached(Thread thread) {
        Violations.report(null, Violation.of(Kind.EXITED_ATTACHED).thread(thread.getName())
                .note("ended without DetachCurrentThread; gilguard detached it"));
    }

    @Override
    public void foreignEnv(String function, Thread owner, Thread user) {
        try {
            int site = user == Thread.currentThread() ? CallerSite.innermost() : 0;
            Violations.report(null, Violation.of(Kind.FOREIGN_STATE).label("JNIEnv")
                    .thread(user == null ? "(not attached)" : user.getName())
                    .owner(owner == null ? "(unknown)" : owner.getName()).site(site).note("JNI " + function));
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    @Override
    public void jniMonitorEntering(Thread thread, Object monitor) {
        try {
            JniOrder.entering(Ledger.current(), monitor);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    @Override
    public boolean monitorContended(Thread thread, Object monitor) {
        try {
            return MonitorWaits.contended(monitor);
        } catch (Throwable t) {
            Errors.internal(t);
            return false;
        }
    }

    @Override
    public void monitorEntered(Thread thread, Object monitor) {
        try {
            MonitorWaits.entered(monitor);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    @Override
    public void checkOff(String check, String reason) {
        Errors.note("native check " + check + " off: " + reason);
    }
}
