package io.gilguard.apps.builtin;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;

/** What the apps wait for before they go on, so that the order of two threads is certain. */
final class Monitors {
    private Monitors() {
    }

    /** Whether {@code thread} holds {@code monitor} now (its locked monitors, as a thread dump shows them). */
    static boolean holds(Thread thread, Object monitor) {
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(new long[] {thread.getId()}, true, false)[0];
        if (info == null) {
            return false;
        }
        for (MonitorInfo m : info.getLockedMonitors()) {
            if (m.getIdentityHashCode() == System.identityHashCode(monitor)) {
                return true;
            }
        }
        return false;
    }
}
