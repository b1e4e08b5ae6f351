package io.gilguard.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;

/**
 * JNA interface mapping of {@code gilbench_jna_noop} in libgilbench.so:
 * {@code downcall native:gilbench_jna_noop forbid gil} applies to it.
 */
public interface JnaLib extends Library {
    String PATH = Path.of(System.getProperty("java.library.path"), "libgilbench.so").toString();
    JnaLib INSTANCE = Native.load(PATH, JnaLib.class);

    int gilbench_jna_noop();
}
