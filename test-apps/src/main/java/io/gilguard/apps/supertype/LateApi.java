package io.gilguard.apps.supertype;

/** Implements {@link Api} with a native method; loaded only by {@link Late}, after an attach. */
final class LateApi implements Api {
    static {
        System.loadLibrary("supertype");
    }

    @Override
    public native int compute(int x);
}
