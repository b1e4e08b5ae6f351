package io.gilguard.nativehooks;

/** The JNI test programs of src/test/c/ggtest.c (libggtest.so, on java.library.path). */
final class TestNatives {
    static {
        System.loadLibrary("ggtest");
    }

    private TestNatives() {}

    // modes of nativeThread
    static final int ENTER2_DETACH = 0;
    static final int ENTER2_EXIT2_DETACH = 1;
    static final int ATTACH_RETURN = 2;
    static final int ATTACH_DETACH = 3;
    static final int ENTER_RETURN = 4;
    static final int FOREIGN_ENV = 5;
    static final int OWN_ENV = 6;
    static final int FOREIGN_UNATTACHED = 7;

    /** JNI MonitorEnter; its return code. */
    static native int enter(Object o);

    /** JNI MonitorExit; its return code (a failure leaves IllegalMonitorStateException thrown). */
    static native int exit(Object o);

    static native int enterExit(Object o);

    /** MonitorExit(exit), then MonitorEnter(enter); the first failing return code, else 0. */
    static native int swap(Object exit, Object enter);

    /** Calls r.run() (an upcall), then MonitorExit(o). */
    static native int exitAfterUpcall(Object o, Runnable r);

    /** Throws UnsupportedOperationException("pending"), then MonitorExit with it pending. */
    static native int exitWithPending(Object o);

    /** Runs a mode on a new native pthread, named {@code name} when it attaches, and joins it. */
    static native int nativeThread(String name, Object a, Object b, int mode);

    /** Nanoseconds for n MonitorEnter/MonitorExit pairs. */
    static native long timePairs(Object o, int n);

    /** Nanoseconds for n nested pairs (enter a, enter b, exit b, exit a). */
    static native long timeNested(Object a, Object b, int n);

    static native int nop();
}
