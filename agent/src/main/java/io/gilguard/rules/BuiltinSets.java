package io.gilguard.rules;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The rule sets gilguard carries for popular native libraries ({@code rules=builtin:NAME}): one
 * file each in the agent jar, whose first line says which library and version it was written
 * for: {@code # gilguard built-in rule set: NAME, written for GROUP:ARTIFACT VERSION}.
 */
public final class BuiltinSets {
    public static final String PREFIX = "builtin:";
    static final String FOLDER = "io/gilguard/rules/builtin/";
    static final String HEADER = "# gilguard built-in rule set: ";
    private static final String SUFFIX = ".rules";

    /** Per set, the packages of its library (with a trailing dot): what learn mode leaves to the set. */
    private static final Map<String, List<String>> PACKAGES = Map.of(
            "jna", List.of("com.sun.jna."),
            "jnr-ffi", List.of("jnr.ffi.", "com.kenai.jffi."),
            "sqlite-jdbc", List.of("org.sqlite."),
            "rocksdb", List.of("org.rocksdb."),
            "zstd-jni", List.of("com.github.luben.zstd."),
            "lmdbjava", List.of("org.lmdbjava."));

    private BuiltinSets() {}

    /** The set whose library the class {@code className} belongs to, or null. */
    public static String libraryOf(String className) {
        for (Map.Entry<String, List<String>> e : PACKAGES.entrySet()) {
            for (String p : e.getValue()) {
                if (className.startsWith(p)) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    /** The sets there are, sorted. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        try {
            Path where = Path.of(BuiltinSets.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(where)) {
                try (Stream<Path> files = Files.list(where.resolve(FOLDER))) {
                    files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                            .forEach(n -> names.add(n.substring(0, n.length() - SUFFIX.length())));
                }
            } else {
                try (JarFile jar = new JarFile(where.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        String n = e.nextElement().getName();
                        if (n.startsWith(FOLDER) && n.endsWith(SUFFIX) && n.indexOf('/', FOLDER.length()) < 0) {
                            names.add(n.substring(FOLDER.length(), n.length() - SUFFIX.length()));
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // no listing: every name is then unknown, and the error says none could be listed
        }
        names.sort(null);
        return names;
    }

    /** The set's text; throws, naming the sets there are, for an unknown name. */
    public static RulesText text(String name) throws RulesException {
        try (InputStream in = plainName(name)
                ? BuiltinSets.class.getClassLoader().getResourceAsStream(FOLDER + name + SUFFIX) : null) {
            if (in == null) {
                throw new RulesException("gilguard: unknown built-in rule set '" + name + "' (built in: "
                        + String.join(", ", names()) + ")");
            }
            return new RulesText(PREFIX + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RulesException("gilguard: cannot read built-in rule set '" + name + "': " + e.getMessage());
        }
    }

    /** What the set was written for ({@code org.xerial:sqlite-jdbc 3.54.1.0}), from its first line; null if it does not say. */
    public static String writtenFor(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        int at = first.indexOf(", written for ");
        return first.startsWith(HEADER) && at > 0 ? first.substring(at + ", written for ".length()).trim() : null;
    }

    /** {@code [a-z0-9-]+}, told without a regular expression: compiling one is some milliseconds of every start-up. */
    private static boolean plainName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return !name.isEmpty();
    }
}
