package io.gilguard.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JVM's class loading log ({@code -Xlog:class+load}) of one child JVM. What a run did not
 * load, or loaded before what, or by which loader, only the JVM can tell, not the agent's report;
 * the tests that check it share this one reader of HotSpot's lines.
 */
final class ClassLoadLog {
    /** The source HotSpot gives a class defined again by a redefinition or retransformation. */
    static final String REDEFINED = "__VM_RedefineClasses__";

    private static final String TAGS = "[class,load] ";
    private static final String SOURCE = " source: ";
    private static final String LOADER = " loader: [";

    /** One class defined: a class is in the log once per loader that defined it, and again at each redefinition. */
    static final class Load {
        final String name;
        /** What follows "source:" (jrt:/MODULE, a URL, {@link #REDEFINED}...); null where the JVM gives none. */
        final String source;
        /** What the debug line says of the loader ("loader data: ... of 'bootstrap'"); null in a log of {@link ClassLoadLog#of}. */
        final String loader;

        Load(String name, String source, String loader) {
            this.name = name;
            this.source = source;
            this.loader = loader;
        }
    }

    private final Path file;
    private final String level;

    private ClassLoadLog(Path file, String level) {
        this.file = file;
        this.level = level;
    }

    /** A log of each class's name and source. */
    static ClassLoadLog of(Path file) {
        return new ClassLoadLog(file, "info");
    }

    /** A log that also names each class's loader, which only the debug level says. */
    static ClassLoadLog withLoaders(Path file) {
        return new ClassLoadLog(file, "debug");
    }

    /** The JVM options that write it, for {@link Harness#run}'s. */
    List<String> jvmOptions() {
        return List.of("-Xlog:class+load=" + level + ":file=" + file);
    }

    /** The classes defined, in the log's order; read after the run. */
    List<Load> loads() throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Load> loads = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int at = line.indexOf(TAGS);
            // the level decoration ("[info]", "[info ]" beside debug lines) tells a load from the lines that add to one
            if (at < 0 || !line.substring(0, at).contains("[info")) {
                continue;
            }
            String text = line.substring(at + TAGS.length());
            int space = text.indexOf(' ');
            int source = text.indexOf(SOURCE);
            // HotSpot writes a load's debug line together with it, right after
            String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
            int loader = next.indexOf(LOADER);
            loads.add(new Load(space < 0 ? text : text.substring(0, space),
                    source < 0 ? null : text.substring(source + SOURCE.length()),
                    loader < 0 ? null : next.substring(loader + LOADER.length(), next.indexOf(']', loader))));
        }
        return loads;
    }

    /** The names of the classes defined, in the log's order. */
    List<String> names() throws IOException {
        return loads().stream().map(l -> l.name).collect(Collectors.toList());
    }

    boolean loaded(String name) throws IOException {
        return loads().stream().anyMatch(l -> l.name.equals(name));
    }
}
