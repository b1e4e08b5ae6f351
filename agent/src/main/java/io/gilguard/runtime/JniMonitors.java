package io.gilguard.runtime;

import io.gilguard.nativehooks.NativeHooks;
import java.nio.IntBuffer;

/**
 * The monitors native code enters through JNI {@code MonitorEnter}, as the native hooks count
 * them: the per-thread depth a downcall compares on its way out, and the names they go by in a
 * report.
 */
final class JniMonitors {
    private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";

    private JniMonitors() {}

    /** The thread's depth view, or null where there is none to read (hooks off, a virtual thread). */
    static IntBuffer depthView(Thread thread) {
        try {
            if (!NativeHooks.isLoaded() || thread.getClass().getName().equals(VIRTUAL_THREAD)) {
                return null;
            }
            return NativeHooks.jniMonitorDepthView();
        } catch (Throwable t) {
            Errors.internal(t);
            return null;
        }
    }

    /**
     * A downcall returned holding more JNI monitors than it was called with. The newest in the
     * thread's record are the ones it kept (a reentry of an older one cannot be told apart).
     */
    static void leaked(int site, int depthBefore) {
        Object[] held = NativeHooks.jniMonitors();
        // The record holds each monitor once: those beyond what the thread held at entry, at least one.
        int kept = Math.min(held.length, Math.max(1, held.length - depthBefore));
        String thread = Thread.currentThread().getName();
        for (int i = held.length - kept; i < held.length; i++) {
            report(Kind.LEAKED_AT_RETURN, held[i], thread, site, "entered through JNI MonitorEnter");
        }
    }

    static void report(Kind kind, Object monitor, String thread, int site, String note) {
        int lock = Locks.idOf(monitor);
        Violations.report(kind, lock, lock >= 0 ? null : label(monitor), thread, null, site, 0, 0, note);
    }

    /** {@code jni:CLASS}, or {@code jni:CLASS.class} for a class object (a static synchronized lock). */
    static String label(Object monitor) {
        return monitor instanceof Class
                ? "jni:" + ((Class<?>) monitor).getName() + ".class"
                : "jni:" + monitor.getClass().getName();
    }
}
