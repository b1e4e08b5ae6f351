package io.gilguard.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the runtime package on the bootstrap class path, so that every class, the JDK's included,
 * can call it, and so that there is one copy of it whatever loader asks. Must run before any
 * agent class touches the runtime: the copy in the agent jar is never loaded after this.
 */
final class BootstrapInjector {
    private static final String RUNTIME = "io/gilguard/runtime/";

    private BootstrapInjector() {}

    static void inject(Instrumentation instrumentation) throws IOException {
        Path agentJar;
        try {
            agentJar = Path.of(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IOException("cannot find the agent jar: " + e);
        }
        Path dir = Files.createTempDirectory("gilguard-");
        Path runtimeJar = dir.resolve("gilguard-runtime.jar");
        dir.toFile().deleteOnExit();
        runtimeJar.toFile().deleteOnExit();
        try (JarFile source = new JarFile(agentJar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(runtimeJar))) {
            int copied = 0;
            for (Enumeration<JarEntry> e = source.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith(RUNTIME) && entry.getName().endsWith(".class")) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                    copied++;
                }
            }
            if (copied == 0) {
                throw new IOException(agentJar + " holds no " + RUNTIME + " classes");
            }
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(runtimeJar.toFile()));
    }

}
