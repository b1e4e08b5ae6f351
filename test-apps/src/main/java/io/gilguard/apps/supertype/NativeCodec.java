package io.gilguard.apps.supertype;

/** Implements {@link Codec} with a native method; loaded only by {@link Late}, after an attach. */
final class NativeCodec implements Codec {
    static {
        System.loadLibrary("supertype");
    }

    @Override
    public native int encode(int x);
}
