package io.gilguard.apps.jnimon;

/**
 * A native library's own lock call pair, made of a JNI monitor: lock returns holding it, unlock
 * lets it go. No rule names these methods (holding the lock across calls is what they are for);
 * the JNI monitor is still in the native hooks' record, entered before the calls of NativeLib.
 */
final class NativeLock {
    static {
        System.loadLibrary("jnimon");
    }

    private NativeLock() {
    }

    /** JNI MonitorEnter(monitor). */
    static native void lock(Object monitor);

    /** JNI MonitorExit(monitor). */
    static native void unlock(Object monitor);
}
