package io.gilguard.apps.supertype;

/** An interface whose only native implementation, {@link NativeCodec}, is loaded late. */
interface Codec {
    /** x + 7. */
    int encode(int x);
}
