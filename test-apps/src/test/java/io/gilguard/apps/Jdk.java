package io.gilguard.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JDK the scenarios run on; the list comes from system property gilguard.jdks. */
final class Jdk {
    final Path home;

    private Jdk(Path home) {
        this.home = home;
    }

    /**
     * The JDK homes in gilguard.jdks (comma-separated; the root pom sets it). Outside Maven,
     * with the property unset, the JDK running the tests.
     */
    static List<Jdk> all() {
        String list = System.getProperty("gilguard.jdks", "").trim();
        if (list.isEmpty()) {
            list = System.getProperty("java.home");
        }
        List<Jdk> jdks = new ArrayList<>();
        for (String home : list.split(",")) {
            if (!home.isBlank()) {
                jdks.add(new Jdk(Path.of(home.trim())));
            }
        }
        return jdks;
    }

    Path java() {
        return home.resolve("bin").resolve("java");
    }

    /** The feature version (17, 25, ...), read from the JDK's release file; fails if it is not a JDK. */
    int feature() throws IOException {
        Path release = home.resolve("release");
        if (!Files.isExecutable(java()) || !Files.isRegularFile(release)) {
            throw new AssertionError("listed in gilguard.jdks but not a JDK home: " + home);
        }
        Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
        if (!m.find()) {
            throw new AssertionError("no JAVA_VERSION in " + release);
        }
        return Integer.parseInt(m.group(1));
    }

    @Override
    public String toString() {
        return home.toString();
    }
}
