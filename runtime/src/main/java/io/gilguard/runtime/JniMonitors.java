package io.gilguard.runtime;

import io.gilguard.nativehooks.JniRecord;
import io.gilguard.nativehooks.NativeHooks;

/**
 * The monitors native code enters through JNI {@code MonitorEnter}, as the native hooks record
 * them: the per-thread record (depth, sequence number) a downcall reads on its way in and out, and
 * the names they go by in a report.
 */
final class JniMonitors {
    private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";

    private JniMonitors() {}

    /**
     * The address of the thread's JNI monitor record ({@link JniRecord}: depth, sequence number,
     * the site of the downcall now running native code, its lock-order key), or 0 where there is
     * none (hooks off, a virtual thread). Read and written in place on the hot path: one memory
     * access each.
     */
    static long record(Thread thread) {
        try {
            if (!NativeHooks.isLoaded() || thread.getClass().getName().equals(VIRTUAL_THREAD)) {
                return 0;
            }
            if (!JniRecord.usable()) {
                Errors.note("the JNI monitor checks at native methods are off: java.base's jdk.internal.misc"
                        + " is not exported to gilguard's native hooks");
                return 0;
            }
            return JniRecord.address();
        } catch (Throwable t) {
            Errors.internal(t);
            return 0;
        }
    }

    /** The site of the downcall running native code on this thread now; 0 if none. */
    static int enteringSite(long record) {
        return JniRecord.get(record, JniRecord.SITE);
    }

    /**
     * A downcall at {@code site} runs native code from now on ({@link #enteringFrom} puts its
     * caller's back): a monitor that code enters through JNI keeps the site, for the reports that
     * name where it was entered. One int write; the native hooks read it only at a new entry.
     */
    static void entering(long record, int site) {
        JniRecord.put(record, JniRecord.SITE, site);
    }

    /**
     * A downcall runs native code holding the locks {@code key} stands for (0: none): while it
     * is not 0, the native hooks tell {@link JniOrder#entering} of each monitor that code enters.
     */
    static void orderKey(long record, int key) {
        JniRecord.put(record, JniRecord.KEY, key);
    }

    /** Where a downcall starts: the sequence number in the high half, the depth in the low half. One read. */
    static long mark(long record) {
        return JniRecord.getPair(record, JniRecord.DEPTH);
    }

    /**
     * The native frame a downcall enters from: its lock-order key in the high half, its site in
     * the low half (0 at a thread's outermost downcall). One read; {@link #enteringFrom} puts it back.
     */
    static long frame(long record) {
        return JniRecord.getPair(record, JniRecord.SITE);
    }

    /** A downcall returns to the native frame {@link #frame} read (site and key, one write). */
    static void enteringFrom(long record, long frame) {
        JniRecord.putPair(record, JniRecord.SITE, frame);
    }

    /** The count of JNI monitors the thread entered and has not exited. */
    static int depth(long record) {
        return JniRecord.get(record, JniRecord.DEPTH);
    }

    /**
     * Whether a downcall that started at {@code mark} may have kept a JNI monitor: some are held,
     * and, if some were held at the start, a monitor was entered or fully exited since. One int
     * read on the common path (none held), two at most. A mark of depth 0 needs no sequence
     * number, so the caller may keep 0 for it.
     */
    static boolean changed(long record, long mark) {
        return depth(record) > 0 && ((int) mark == 0 || JniRecord.get(record, JniRecord.SEQ) != (int) (mark >>> 32));
    }

    /**
     * The slow path of {@link #changed}: reports each monitor the downcall entered and kept, as
     * the native record tells them apart (also a swap: a monitor held before exited, another
     * entered, same depth). From a mark of depth 0, each monitor held now.
     */
    static boolean leaked(int site, long mark) {
        Object[] kept = (int) mark == 0
                ? NativeHooks.jniMonitors()
                : NativeHooks.jniMonitorsSince((int) (mark >>> 32), (int) mark);
        if (kept.length == 0) {
            return false;
        }
        String thread = Thread.currentThread().getName();
        int[] entered = NativeHooks.jniMonitorSites(kept);
        for (int i = 0; i < kept.length; i++) {
            report(Kind.LEAKED_AT_RETURN, kept[i], thread, site, entered[i], "entered through JNI MonitorEnter");
        }
        return true;
    }

    /** {@code enteredAt}: the downcall that entered the monitor (0 if none was watched), as its acquisition site. */
    static void report(Kind kind, Object monitor, String thread, int site, int enteredAt, String note) {
        int lock = Locks.find(monitor);
        boolean member = lock >= 0 && Locks.family(lock);
        Violations.report(null, Violation.of(kind).lock(lock).label(lock >= 0 ? null : label(monitor))
                .member(member ? monitor : null).thread(thread).site(site).acquiredAt(enteredAt).note(note));
    }

    /** {@code jni:CLASS}, or {@code jni:CLASS.class} for a class object (a static synchronized lock). */
    static String label(Object monitor) {
        return monitor instanceof Class
                ? "jni:" + ((Class<?>) monitor).getName() + ".class"
                : "jni:" + monitor.getClass().getName();
    }
}
