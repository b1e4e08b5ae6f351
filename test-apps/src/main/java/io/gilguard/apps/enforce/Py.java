package io.gilguard.apps.enforce;

/** A method-pair lock (like PyGILState_Ensure/Release) whose native side counts its releases. */
final class Py {
    static {
        System.loadLibrary("enforce");
    }

    private Py() {
    }

    static int ensure() {
        return nativeEnsure();
    }

    static int release() {
        return nativeRelease();
    }

    static native int depth();

    /** How many release calls reached the native side. */
    static native int releases();

    private static native int nativeEnsure();

    private static native int nativeRelease();
}
