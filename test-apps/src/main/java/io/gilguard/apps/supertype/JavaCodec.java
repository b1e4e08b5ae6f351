package io.gilguard.apps.supertype;

/** Implements {@link Codec} in Java. */
final class JavaCodec implements Codec {
    @Override
    public int encode(int x) {
        return x + 7;
    }
}
