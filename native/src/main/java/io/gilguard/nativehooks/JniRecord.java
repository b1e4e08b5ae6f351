package io.gilguard.nativehooks;

import java.nio.ByteOrder;
import jdk.internal.misc.Unsafe;

/**
 * The current thread's JNI monitor record ({@link NativeHooks#jniMonitorRecordView}) read and
 * written in place, at its address: one memory access per number, where a buffer's adds a bounds
 * check, a scope check and its own address's load. A watched downcall reads four numbers and
 * writes two on its way in and out, so this is on the agent's hot path.
 *
 * <p>Needs java.base's {@code jdk.internal.misc} exported to this class's module (the agent
 * exports it before it loads the hooks); without it {@link #address} is 0. The same rules as the
 * view's: only the thread whose record it is reads or writes it; the memory is never freed, so
 * an address kept past its thread's end can mislead but never crash.
 */
public final class JniRecord {
    /** The numbers of the record, as the view's indexes. */
    public static final int DEPTH = 0;
    public static final int SEQ = 1;
    public static final int SITE = 2;
    public static final int KEY = 3;
    /** The lock-order nodes of the monitors held, one bit each ({@link NativeHooks#jniMonitorNodes}). */
    public static final int NODES_LOW = 4;
    public static final int NODES_HIGH = 5;
    /** Not 0 while an entry's node has not been told. */
    public static final int UNTOLD = 6;
    /** The graph's generation the nodes were told in ({@link NativeHooks#newJniMonitorNodes}). */
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
