package io.gilguard.apps.monitorwait;

/**
 * A connection as sqlite-jdbc's {@code NativeDB} has it: its monitor guards the native handle,
 * and its {@code synchronized native} methods hold it for as long as C runs, a busy handler's
 * sleep included.
 */
public final class Db {
    static {
        System.loadLibrary("monitorwait");
    }

    /** {@code prepare_utf8} with a busy handler that sleeps {@code millis} ms in C, holding this monitor. */
    synchronized native void prepare(int millis);

    /** A quick call on the same connection. */
    synchronized native int step();

    /** The same C work, outside any monitor. */
    static native void work(int millis);

    /** Whether a thread is inside {@link #prepare} or {@link #work} now. */
    static native boolean working();
}
