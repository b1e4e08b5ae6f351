package io.gilguard.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A local repository of its own for the example's builds, holding this reactor's gilguard
 * artifacts (as {@code mvn install} would lay them out, without touching the user's), and a
 * settings.xml whose one mirror is this build's own local repository: every other artifact
 * comes from there, with no network.
 */
final class ExampleRepository {
    final Path repository;
    final Path settings;

    private ExampleRepository(Path repository, Path settings) {
        this.repository = repository;
        this.settings = settings;
    }

    /**
     * In {@code dir}: {@code repository/} with the parent pom, the agent's pom and jar
     * (classifier {@code agent}) and this plugin's pom and jar; and {@code settings.xml}.
     *
     * @param reactor the reactor's root folder
     * @param cache   the local repository of the build running this test
     */
    static ExampleRepository create(Path dir, Path reactor, String version, Path cache) throws IOException {
        Path repository = dir.resolve("repository");
        Path plugin = reactor.resolve("maven-plugin");
        put(repository, "gilguard-parent", version, reactor.resolve("pom.xml"), ".pom");
        put(repository, "gilguard-agent", version, reactor.resolve("agent/pom.xml"), ".pom");
        put(repository, "gilguard-agent", version, reactor.resolve("agent/target/gilguard.jar"), "-agent.jar");
        put(repository, "gilguard-maven-plugin", version, plugin.resolve("pom.xml"), ".pom");
        put(repository, "gilguard-maven-plugin", version, plugin.resolve("target/gilguard-maven-plugin-" + version + ".jar"), ".jar");
        Path settings = dir.resolve("settings.xml");
        Files.writeString(settings, settings(cache), StandardCharsets.UTF_8);
        return new ExampleRepository(repository, settings);
    }

    /** {@code io/gilguard/ID/V/ID-V{suffix}}, as the install plugin names it. */
    private static void put(Path repository, String artifactId, String version, Path from, String suffix) throws IOException {
        if (!Files.isRegularFile(from)) {
            throw new IOException(from + " is not there: build the reactor's agent and maven-plugin first");
        }
        Path to = repository.resolve("io/gilguard/" + artifactId + "/" + version + "/" + artifactId + "-" + version + suffix);
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String settings(Path cache) {
        return "<settings>\n"
                + "  <!-- every artifact but this reactor's comes from the outer build's local repository -->\n"
                + "  <mirrors>\n"
                + "    <mirror>\n"
                + "      <id>outer-build</id>\n"
                + "      <mirrorOf>*</mirrorOf>\n"
                + "      <url>" + cache.toUri() + "</url>\n"
                + "    </mirror>\n"
                + "  </mirrors>\n"
                + "</settings>\n";
    }
}
