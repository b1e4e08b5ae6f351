package io.gilguard.apps.family;

/**
 * A connection whose native state is guarded by its own monitor, as sqlite-jdbc's NativeDB: a
 * {@code synchronized native} method, a {@code synchronized} method and a {@code synchronized}
 * block, each of which calls the busy handler from native code with the monitor held.
 */
public class Db {
    static {
        System.loadLibrary("family");
    }

    /** Calls handler.onBusy() from native code, on this thread; the JVM holds this Db's monitor. */
    synchronized native void prepare(BusyHandler handler);

    /** The same from a synchronized Java method. */
    synchronized void step(BusyHandler handler) {
        NativeLib.busy(handler); // @site:step
    }

    /** Takes the monitor the way any Java method may, for the waiting thread. */
    synchronized int close() {
        return 0;
    }

    @Override
    public String toString() {
        return getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(this));
    }
}
