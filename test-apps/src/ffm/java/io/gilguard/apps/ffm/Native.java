package io.gilguard.apps.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The C functions of libffm.so and libc, as FFM downcall handles, each found by another lookup:
 * {@code loaderLookup} (after {@code System.loadLibrary}), {@code libraryLookup} (by path) and
 * {@code defaultLookup} (libc).
 */
final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LOADER;
    static final SymbolLookup LIBRARY;

    static {
        System.loadLibrary("ffm");
        LOADER = SymbolLookup.loaderLookup();
        LIBRARY = SymbolLookup.libraryLookup(Path.of(System.getProperty("java.library.path"), "libffm.so"), Arena.global());
    }

    /** long ffm_compute(int millis): works (sleeps) in C for about millis ms; returns the ms it took. */
    static final MethodHandle COMPUTE = LINKER.downcallHandle(LOADER.find("ffm_compute").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    /** int ffm_sum(const int *values, int n), found by path. */
    static final MethodHandle SUM = LINKER.downcallHandle(LIBRARY.find("ffm_sum").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /** pid_t getpid(void), from libc. */
    static final MethodHandle GETPID = LINKER.downcallHandle(LINKER.defaultLookup().find("getpid").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT));
    /** A handle that takes the address of a (long, int) function as its first argument. */
    static final MethodHandle ANY_COMPUTE = LINKER.downcallHandle(
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    static final MemorySegment COMPUTE_ADDRESS = LOADER.find("ffm_compute").orElseThrow();
    /** void ffm_call_back(void (*tick)(int), int value): calls tick(value) on the calling thread. */
    static final MethodHandle CALL_BACK = LINKER.downcallHandle(LOADER.find("ffm_call_back").orElseThrow(),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /** void ffm_keep(void (*tick)(int), int value): the same, under a name of its own. */
    static final MethodHandle KEEP = LINKER.downcallHandle(LOADER.find("ffm_keep").orElseThrow(),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    /** int (*ffm_pointer_to_nothing(void))(void): a function pointer, whose address no lookup named. */
    static final MethodHandle POINTER_TO_NOTHING = LINKER.downcallHandle(
            LOADER.find("ffm_pointer_to_nothing").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS));
    /**
     * int ffm_run_on_thread(void (*name)(void), void (**ticks)(int), int count, int rounds): a new
     * pthread calls name(), then each of the count ticks rounds times, and ends; joined before it returns.
     */
    static final MethodHandle RUN_ON_THREAD = LINKER.downcallHandle(LOADER.find("ffm_run_on_thread").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT));

    private Native() {
    }
}
