package jdk.internal.loader;

import java.io.File;

/** The one method the native hooks call of java.base's {@code NativeLibraries}; see {@link BootLoader}. */
public final class NativeLibraries {
    private NativeLibraries() {}

    public NativeLibrary loadLibrary(Class<?> fromClass, File file) {
        throw new UnsupportedOperationException("compile-time stand-in for java.base's NativeLibraries");
    }
}
