package io.gilguard.runtime;

import io.gilguard.nativehooks.NativeHooks;
import java.nio.IntBuffer;

/**
 * The monitors native code enters through JNI {@code MonitorEnter}, as the native hooks record
 * them: the per-thread view (depth, sequence number) a downcall reads on its way in and out, and
 * the names they go by in a report.
 */
final class JniMonitors {
    private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";

    private JniMonitors() {}

    /**
     * The thread's view of its JNI monitor record ({@code get(0)} depth, {@code get(1)} sequence
     * number), or null where there is none to read (hooks off, a virtual thread).
     */
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

    /** Where a downcall starts: the sequence number in the high half, the depth in the low half. */
    static long mark(IntBuffer view) {
        return (long) view.get(1) << 32 | view.get(0) & 0xFFFFFFFFL;
    }

    /**
     * Whether a downcall that started at {@code mark} may have kept a JNI monitor: a monitor was
     * entered or fully exited since, and some are held. Two int reads; false on the common path.
     */
    static boolean changed(IntBuffer view, long mark) {
        return view.get(1) != (int) (mark >>> 32) && view.get(0) > 0;
    }

    /**
     * The slow path of {@link #changed}: reports each monitor the downcall entered and kept, as
     * the native record tells them apart (also a swap: a monitor held before exited, another
     * entered, same depth).
     */
    static void leaked(int site, long mark) {
        Object[] kept = NativeHooks.jniMonitorsSince((int) (mark >>> 32), (int) mark);
        if (kept.length == 0) {
            return;
        }
        String thread = Thread.currentThread().getName();
        for (Object monitor : kept) {
            report(Kind.LEAKED_AT_RETURN, monitor, thread, site, "entered through JNI MonitorEnter");
        }
    }

    static void report(Kind kind, Object monitor, String thread, int site, String note) {
        int lock = Locks.find(monitor);
        boolean member = lock >= 0 && Locks.family(lock);
        Violations.report(null, Violation.of(kind).lock(lock).label(lock >= 0 ? null : label(monitor))
                .member(member ? monitor : null).thread(thread).site(site).note(note));
    }

    /** {@code jni:CLASS}, or {@code jni:CLASS.class} for a class object (a static synchronized lock). */
    static String label(Object monitor) {
        return monitor instanceof Class
                ? "jni:" + ((Class<?>) monitor).getName() + ".class"
                : "jni:" + monitor.getClass().getName();
    }
}
