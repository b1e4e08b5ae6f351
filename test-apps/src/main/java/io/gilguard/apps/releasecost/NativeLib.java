package io.gilguard.apps.releasecost;

final class NativeLib {
    static {
        System.loadLibrary("releasecost");
    }

    private NativeLib() {
    }

    /** A few tens of nanoseconds of work in C: sums 0..n-1 through a volatile; returns the sum. */
    static native long tiny(int n);

    /** Sleeps `millis` ms in C. */
    static native void slow(int millis);
}
