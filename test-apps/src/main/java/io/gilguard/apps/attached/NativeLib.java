package io.gilguard.apps.attached;

final class NativeLib {
    static {
        System.loadLibrary("attached");
    }

    private NativeLib() {
    }

    /**
     * On a native thread named name: attach (as a daemon), JNI MonitorEnter(monitor) unless it
     * is null, then, if detach, MonitorExit and DetachCurrentThread; the thread ends; waits for it.
     */
    static native void run(String name, Object monitor, boolean detach);
}
