package io.gilguard.instrument;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** The class files under a directory, for tests that hold gilguard's readers up against ASM on real classes. */
public final class ClassFilesUnder {
    private ClassFilesUnder() {}

    /** Under {@code dir} of the running JDK's image, e.g. {@code /modules/java.base/java/util}. */
    public static List<Path> jdk(String dir) throws IOException {
        return of(FileSystems.getFileSystem(URI.create("jrt:/")).getPath(dir));
    }

    public static List<Path> of(Path dir) throws IOException {
        List<Path> classes = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Iterator<Path> i = walk.iterator(); i.hasNext(); ) {
                Path p = i.next();
                if (p.toString().endsWith(".class")) {
                    classes.add(p);
                }
            }
        }
        return classes;
    }
}
