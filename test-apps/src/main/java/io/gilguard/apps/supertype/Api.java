package io.gilguard.apps.supertype;

/** An interface whose implementations are native ({@link NativeApi}, {@link LateApi}) or not. */
interface Api {
    /** x * 2. */
    int compute(int x);
}
