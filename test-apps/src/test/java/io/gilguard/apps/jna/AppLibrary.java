package io.gilguard.apps.jna;

import java.nio.file.Path;

/** Where the apps' C library is: target/native, which the harness gives as java.library.path. */
final class AppLibrary {
    static final String PATH = Path.of(System.getProperty("java.library.path"), "libjnaapp.so").toString();

    private AppLibrary() {
    }
}
