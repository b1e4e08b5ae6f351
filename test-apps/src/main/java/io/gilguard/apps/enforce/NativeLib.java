package io.gilguard.apps.enforce;

/** A native call that must not be made holding the GIL (forbid gil). */
final class NativeLib {
    static {
        System.loadLibrary("enforce");
    }

    private NativeLib() {
    }

    static native void compute();

    /** How many compute calls reached the native side. */
    static native int calls();
}
