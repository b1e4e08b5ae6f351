package io.gilguard.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sourceRoots=}: where the source file of a class is. A class's file is its package's
 * path and the file name its class file records ({@code io/gilguard/apps/leak/LeakyListener.java}
 * for {@code io.gilguard.apps.leak.LeakyListener} and for its nested classes), looked for under
 * each root in order; the first root that has it wins.
 */
final class SourceRoots {
    private final List<Path> roots;
    private final Map<String, Source> found = new HashMap<>();

    SourceRoots(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    List<Path> roots() {
        return roots;
    }

    /** The file of a class; null if no file name is known (a proxy's, a generated class's). */
    Source find(String className, String fileName) {
        if (className == null || fileName == null || fileName.isEmpty()) {
            return null;
        }
        int dot = className.lastIndexOf('.');
        String path = (dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/") + fileName;
        return found.computeIfAbsent(path, this::lookUp);
    }

    private Source lookUp(String path) {
        for (int i = 0; i < roots.size(); i++) {
            if (Files.isRegularFile(roots.get(i).resolve(path))) {
                return new Source(i, path);
            }
        }
        return new Source(-1, path);
    }

    /** A source file: a path relative to root number {@code root}, or to no root ({@code root} -1: found under none). */
    static final class Source {
        final int root;
        final String path;

        Source(int root, String path) {
            this.root = root;
            this.path = path;
        }
    }
}
