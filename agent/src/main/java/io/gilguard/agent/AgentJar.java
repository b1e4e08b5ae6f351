package io.gilguard.agent;

import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The jar gilguard runs from, its entries read by name. At start-up this is what the runtime's
 * classes and the native library are read through: a class loader's resource search looks in
 * every module of the JDK first, and a jar URL's connection loads classes of its own.
 */
final class AgentJar {
    private AgentJar() {}

    static Path path() throws IOException {
        try {
            return Path.of(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IOException("cannot find the agent jar: " + e);
        }
    }

    /** An entry's bytes. */
    static byte[] read(JarFile jar, String name) throws IOException {
        JarEntry entry = entry(jar, name);
        try (InputStream in = jar.getInputStream(entry)) {
            // sized by the entry: readAllBytes' growing buffers were a good part of the reading
            return entry.getSize() >= 0 ? in.readNBytes((int) entry.getSize()) : in.readAllBytes();
        }
    }

    /** An entry's stream; the jar is closed with it. */
    static InputStream open(String name) throws IOException {
        JarFile jar = new JarFile(path().toFile());
        try {
            return new FilterInputStream(jar.getInputStream(entry(jar, name))) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        jar.close();
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            jar.close();
            throw e;
        }
    }

    private static JarEntry entry(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        if (entry == null) {
            throw new FileNotFoundException(jar.getName() + " holds no " + name);
        }
        return entry;
    }
}
