package com.sun.gilguardtest;

/**
 * A library of the application that happens to live under {@code com.sun.} (as JNA's
 * {@code com.sun.jna} does): gilguard tells the JDK's classes by their loader, not their package,
 * so its native methods are checked like any other.
 */
public final class NativeLib {
    static {
        System.loadLibrary("comsun");
    }

    private NativeLib() {
    }

    /** Returns {@code n + 1}, in native code. */
    public static native int work(int n);
}
