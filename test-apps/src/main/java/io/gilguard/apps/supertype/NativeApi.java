package io.gilguard.apps.supertype;

/** Implements {@link Api} with a native method. */
final class NativeApi implements Api {
    static {
        System.loadLibrary("supertype");
    }

    @Override
    public native int compute(int x);
}
