package io.gilguard.apps.jnicycle;

/** Called back from a native thread, once per row it scans; the upcall rule takes the GIL around it. */
public interface Rows {
    void onRow();
}
