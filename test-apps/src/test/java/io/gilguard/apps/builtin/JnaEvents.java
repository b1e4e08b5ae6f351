package io.gilguard.apps.builtin;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;

/**
 * The application's JNA binding of the test C library (src/main/c/jnaapp.c), as a user of the
 * built-in jna rule set writes it: a Library interface and a Callback the C code calls.
 */
public interface JnaEvents extends Library {
    JnaEvents C = Native.load(Path.of(System.getProperty("java.library.path"), "libjnaapp.so").toString(),
            JnaEvents.class);

    /** A JNA callback: C calls it, here from pthreads JNA attaches for each call. */
    interface Listener extends Callback {
        void onEvent(int n);
    }

    /** Every call through this one holds the NativeLibrary's monitor (JNA's Native.synchronizedLibrary). */
    JnaEvents SYNCHRONIZED = (JnaEvents) Native.synchronizedLibrary(C);

    int gg_sum(int a, int b);

    int gg_sleep(int millis);

    void gg_run_threads(Listener listener, int threads, int calls);
}
