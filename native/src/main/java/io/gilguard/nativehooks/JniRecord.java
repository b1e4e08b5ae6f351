package io.gilguard.nativehooks;

import java.nio.ByteOrder;
import jdk.internal.misc.Unsafe;

/**
 * The current thread's JNI monitor record, read and written in place at its address: eight
 * 32-bit numbers the native hooks keep for each thread, one memory access each (about 0.3 ns),
 * with no JNI call. A watched downcall reads and writes a few of them on its way in and out, so
 * this is on the agent's hot path.
 *
 * <p>Needs java.base's {@code jdk.internal.misc} exported to this class's module (the agent
 * exports it before it loads the hooks); without it {@link #address} is 0. Get the address once
 * per thread (the agent keeps it in the thread's ledger) and use it on that thread only: another
 * thread reads racy values, and after this thread ends (or, for a native thread, detaches) the
 * address is stale, reading another thread's numbers. The memory is never freed, so a stale
 * address can mislead but never crash. The numbers are meaningless once the jni-monitors check
 * is off.
 */
public final class JniRecord {
    /**
     * What {@link NativeHooks#jniMonitorDepth} returns: the JNI {@code MonitorEnter}s the thread
     * made and has not yet matched with a {@code MonitorExit}, reentries included. Read only.
     */
    public static final int DEPTH = 0;
    /**
     * A number that changes (by one, wrapping) at every JNI {@code MonitorEnter} and at every
     * {@code MonitorExit} that leaves a monitor no longer held, and at nothing else. A downcall
     * that reads it and {@link #DEPTH} at its start, and at its end finds the depth above 0 and
     * (if it was not 0 at the start) this number changed, may have kept a monitor it entered:
     * {@link NativeHooks#jniMonitorsSince} says which. Read only.
     */
    public static final int SEQ = 1;
    /**
     * Written by the caller: the number it gives the Java frame now running native code on this
     * thread (a site number), 0 for none. Each {@code MonitorEnter} that makes a new entry in the
     * record (not a reentry) keeps the number there then, and {@link NativeHooks#jniMonitorSites}
     * gives it back: a report can say where a monitor was entered, though the frame is long gone.
     * The frame puts back what it found when it returns. Costs the wrappers one copy per new entry.
     */
    public static final int SITE = 2;
    /**
     * Written by the caller: the lock-order key, 0 for none. While it is not 0, a
     * {@code MonitorEnter} of an object the thread does not hold calls
     * {@link NativeHooks.Listener#jniMonitorEntering} first, once per object and key while the
     * record remembers the object (its four most recently exited ones): the caller writes a key
     * that changes when the locks it holds change, and puts back what it found on return.
     */
    public static final int KEY = 3;
    /**
     * The lock-order nodes of the monitors held, one bit each, low and high half
     * ({@link NativeHooks#jniMonitorNodes}). Read only.
     */
    public static final int NODES_LOW = 4;
    public static final int NODES_HIGH = 5;
    /** Not 0 while an entry's node has not been told. Read only. */
    public static final int UNTOLD = 6;
    /** The graph's generation the nodes were told in ({@link NativeHooks#newJniMonitorNodes}). Read only. */
    public static final int GENERATION = 7;

    private static final Unsafe UNSAFE = exported() ? Unsafe.getUnsafe() : null;
    /** Two neighbouring numbers are one aligned long, the lower-numbered in its low half. */
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private JniRecord() {}

    /** The current thread's record; 0 if there is none (no hooks, the check off, no access to {@code Unsafe}). */
    public static long address() {
        if (UNSAFE == null || !NativeHooks.isOn(NativeHooks.CHECK_JNI_MONITORS)) return 0;
        return address0();
    }

    public static int get(long record, int number) {
        return UNSAFE.getInt(record + 4L * number);
    }

    public static void put(long record, int number, int value) {
        UNSAFE.putInt(record + 4L * number, value);
    }

    /**
     * Numbers {@code even} and {@code even + 1} in one read: the first in the low half (a
     * downcall's mark is {@link #SEQ}:{@link #DEPTH}, its caller's frame {@link #KEY}:{@link #SITE}).
     */
    public static long getPair(long record, int even) {
        if (LITTLE_ENDIAN) {
            return UNSAFE.getLong(record + 4L * even);
        }
        return (long) get(record, even + 1) << 32 | get(record, even) & 0xFFFFFFFFL;
    }

    /** {@link #getPair}'s two numbers written back in one write. */
    public static void putPair(long record, int even, long pair) {
        if (LITTLE_ENDIAN) {
            UNSAFE.putLong(record + 4L * even, pair);
        } else {
            put(record, even, (int) pair);
            put(record, even + 1, (int) (pair >>> 32));
        }
    }

    /** Whether records can be read at all: false without access to java.base's {@code Unsafe}. */
    public static boolean usable() {
        return UNSAFE != null;
    }

    private static boolean exported() {
        return Object.class.getModule().isExported("jdk.internal.misc", JniRecord.class.getModule());
    }

    private static native long address0();
}
