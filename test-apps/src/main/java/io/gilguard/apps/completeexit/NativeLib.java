package io.gilguard.apps.completeexit;

final class NativeLib {
    static {
        System.loadLibrary("completeexit");
    }

    private NativeLib() {
    }

    /**
     * On a native thread, monitor-holder: attach, JNI MonitorEnter(first), MonitorEnter(second),
     * then (if exitBoth) MonitorExit both, and DetachCurrentThread; waits for it.
     */
    static native void enterTwoAndDetach(Object first, Object second, boolean exitBoth);
}
