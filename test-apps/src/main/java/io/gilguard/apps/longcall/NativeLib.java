package io.gilguard.apps.longcall;

final class NativeLib {
    static {
        System.loadLibrary("longcall");
    }

    private NativeLib() {
    }

    /** Works (sleeps) in C for about `millis` ms; returns the ms it took. */
    static native long compute(int millis);

    /** Bound with RegisterNatives in JNI_OnLoad; sleeps `millis` ms, then throws IllegalStateException. */
    static native void computeThenFail(int millis);
}
