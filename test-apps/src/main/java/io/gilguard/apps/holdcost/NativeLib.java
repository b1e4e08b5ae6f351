package io.gilguard.apps.holdcost;

final class NativeLib {
    static {
        System.loadLibrary("holdcost");
    }

    private NativeLib() {
    }

    /** Compresses one chunk: sleeps `millis` ms in C (zstd's compressStream, 48-137 ms a call). */
    static native void step(int millis);

    /** Flushes: sleeps `millis` ms in C. */
    static native void flush(int millis);

    /**
     * Sorts `n` values, calling `cmp.compare` for each adjacent pair, on the calling thread;
     * sleeps `cMillis` ms in C before each call. Returns the number of calls made.
     */
    static native int sort(Compare cmp, int n, int cMillis);
}
