package io.gilguard.apps.context;

/**
 * A context a thread makes current before it draws and releases after (like an OpenGL context):
 * the native side draws only on the thread where it is current.
 */
public final class GlContext {
    static {
        System.loadLibrary("context");
    }

    private final long handle = nativeCreate();

    /** Makes this context current on the calling thread. */
    public void makeCurrent() {
        nativeMakeCurrent(handle);
    }

    /** No longer current on the calling thread. */
    public void release() {
        nativeRelease(handle);
    }

    /** Draws; returns how many draws drew so far, -1 if this one did not. */
    public long draw() {
        return nativeDraw(handle);
    }

    /** How many draws drew (not checked: the rule names only draw). */
    public long draws() {
        return nativeDraws(handle);
    }

    private static native long nativeCreate();

    private static native void nativeMakeCurrent(long handle);

    private static native void nativeRelease(long handle);

    private static native long nativeDraw(long handle);

    private static native long nativeDraws(long handle);
}
