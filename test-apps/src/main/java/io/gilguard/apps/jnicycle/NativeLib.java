package io.gilguard.apps.jnicycle;

final class NativeLib {
    static {
        System.loadLibrary("jnicycle");
    }

    private NativeLib() {
    }

    /** Enters the table's monitor (JNI MonitorEnter), changes its native state, exits it. */
    static native void update(Table table);

    /**
     * Runs native thread "native-scanner", which calls {@code rows.onRow()} once, holding the
     * table's monitor (JNI MonitorEnter) around the call when {@code enterFirst}; returns when
     * it is done.
     */
    static native void scan(Table table, Rows rows, boolean enterFirst);
}
