package jdk.internal.loader;

/**
 * The one method the native hooks call of java.base's own {@code jdk.internal.loader.BootLoader},
 * for the compiler only: {@code --release 17} shows none of the packages java.base does not
 * export, and forbids {@code --add-exports}. The jars leave this package out (native/pom.xml); at
 * run time the names are java.base's, whose package the agent exports to the native hooks.
 */
public final class BootLoader {
    private BootLoader() {}

    public static NativeLibraries getNativeLibraries() {
        throw new UnsupportedOperationException("compile-time stand-in for java.base's BootLoader");
    }
}
