package io.gilguard.junit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The extension's service registration, in a jar of its own that the agent adds to the system
 * class path only when that loader sees JUnit. Not in gilguard.jar itself: with autodetection on
 * and JUnit in a child loader only, JUnit would find the registration through the system loader,
 * whose copy of the extension cannot link, and the Jupiter engine would fail as a whole
 * ({@code NoClassDefFoundError: .../BeforeAllCallback}), {@code tests=off} or not.
 */
final class ServiceJar {
    static final String SERVICE = "META-INF/services/org.junit.jupiter.api.extension.Extension";
    /** Named, not {@code GilguardExtension.class.getName()}: that would load JUnit's interfaces now. */
    static final String EXTENSION = Activation.class.getPackageName() + ".GilguardExtension";

    private ServiceJar() {}

    /** A new temporary jar holding the registration alone, deleted at exit. */
    static JarFile write() throws IOException {
        Path jar = Files.createTempFile("gilguard-junit-", ".jar");
        jar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(SERVICE));
            out.write((EXTENSION + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return new JarFile(jar.toFile());
    }
}
