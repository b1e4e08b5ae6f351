package io.gilguard.apps.attach;

final class NativeLib {
    static {
        System.loadLibrary("attachapp"); // not "attach": the JDK has a libattach.so of its own
    }

    private NativeLib() {
    }

    /** A short native call: returns x + 1. */
    static native int poll(int x);

    /** Calls listener.onTick() once, on the calling thread. */
    static native void fire(Listener listener);

    /** Long native work: calls Engine.probe() from inside, then returns x / 2, or throws for an odd x. */
    static native int crunch(int x);
}
