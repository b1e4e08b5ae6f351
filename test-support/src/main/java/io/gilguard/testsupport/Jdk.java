package io.gilguard.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JDK the tests run child JVMs on; the list comes from system property gilguard.jdks. */
public final class Jdk {
    private static final List<Jdk> ALL = parse(System.getProperty("gilguard.jdks", ""));

    private final Path home;

    private Jdk(Path home) {
        this.home = home;
    }

    /**
     * The JDK homes in gilguard.jdks (comma-separated; the root pom passes it to surefire).
     * Outside Maven, with the property unset, the JDK running the tests. A home that is not a JDK
     * fails where it is used (see {@link #feature}), so that the other JDKs still run.
     */
    public static List<Jdk> all() {
        return ALL;
    }

    private static List<Jdk> parse(String list) {
        if (list.isBlank()) {
            list = System.getProperty("java.home");
        }
        List<Jdk> jdks = new ArrayList<>();
        for (String home : list.split(",")) {
            if (!home.isBlank()) {
                jdks.add(new Jdk(Path.of(home.trim())));
            }
        }
        return List.copyOf(jdks);
    }

    public Path java() {
        return tool("java");
    }

    /** A program of the JDK's bin directory: jcmd, jar, ... */
    public Path tool(String name) {
        return home.resolve("bin").resolve(name);
    }

    /** The feature version (17, 25, ...), read from the JDK's release file; fails if it is not a JDK. */
    public int feature() {
        Path release = home.resolve("release");
        if (!Files.isExecutable(java()) || !Files.isRegularFile(release)) {
            throw new AssertionError("listed in gilguard.jdks but not a JDK home: " + home);
        }
        String text;
        try {
            text = Files.readString(release);
        } catch (IOException e) {
            throw new AssertionError("unreadable " + release + ": " + e, e);
        }
        Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no JAVA_VERSION in " + release);
        }
        return Integer.parseInt(m.group(1));
    }

    /** The home: what JUnit shows as the name of a test that takes a Jdk. */
    @Override
    public String toString() {
        return home.toString();
    }
}
