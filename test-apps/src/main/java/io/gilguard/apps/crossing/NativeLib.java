package io.gilguard.apps.crossing;

final class NativeLib {
    static {
        System.loadLibrary("crossing");
    }

    private NativeLib() {
    }

    /**
     * Starts native threads native-cb-0.. that each call the listener's private
     * onFlushCompletedProxy() `calls` times; returns when they are done.
     */
    static native void run(AbstractEventListener listener, int threads, int calls);

    /** Calls the listener's private onCompactionCompletedProxy() on this thread, from native code. */
    static native void compact(AbstractEventListener listener);
}
