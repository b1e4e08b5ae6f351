package io.gilguard.apps.builtin;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.Delegate;

/**
 * The application's jnr-ffi binding of the test C library (src/main/c/jnaapp.c, plain C
 * functions), as a user of the built-in jnr-ffi rule set writes it: an interface jnr-ffi
 * implements with a generated class, and a callback (its @Delegate method) the C code calls.
 */
public interface JnrEvents {
    JnrEvents C = LibraryLoader.create(JnrEvents.class).search(System.getProperty("java.library.path")).load("jnaapp");
    LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    /** libc's strlen: jnr-ffi passes a String through jffi's Foreign.invoke*, not a compiled stub. */
    interface LibC {
        long strlen(String s);
    }

    /** A jnr-ffi callback: C calls it through a jffi closure, here from pthreads jffi attaches. */
    interface Listener {
        @Delegate
        void onEvent(int n);
    }

    int gg_sum(int a, int b);

    void gg_run_threads(Listener listener, int threads, int calls);
}
