package io.gilguard.instrument;

import java.io.InputStream;

/**
 * A class's file as its loader has it, read without loading anything: for what the bytes being
 * transformed do not tell (another class, or a class the advice route describes), and for loaded
 * classes at attach.
 */
public final class ClassFiles {
    private ClassFiles() {}

    /** {@code name} with dots; null where there is none to read (a class made at run time, or no loader). */
    public static byte[] read(ClassLoader loader, String name) {
        if (loader == null) {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (Exception unreadable) {
            return null;
        }
    }
}
