package io.gilguard.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files an earlier build's test JVMs wrote under a file pattern with {@code %p} (the pid):
 * {@code check} reads every report in the folder, so one left by the last {@code mvn verify}
 * without {@code clean} would fail a build whose bug has been fixed since.
 */
final class StaleReports {
    private StaleReports() {}

    /** Deletes the files that {@code pattern} could have named; returns them. */
    static List<Path> delete(File pattern) throws IOException {
        List<Path> deleted = new ArrayList<>();
        if (pattern == null) {
            return deleted;
        }
        Path dir = pattern.getAbsoluteFile().getParentFile().toPath();
        if (!Files.isDirectory(dir)) {
            return deleted;
        }
        Pattern name = namePattern(pattern.getName());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && name.matcher(f.getFileName().toString()).matches()) {
                    Files.delete(f);
                    deleted.add(f);
                }
            }
        }
        return deleted;
    }

    /** {@code gilguard-%p.json} matches {@code gilguard-1234.json}: {@code %p} is a run of digits. */
    static Pattern namePattern(String fileName) {
        StringBuilder regex = new StringBuilder();
        String[] parts = fileName.split("%p", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : "[0-9]+").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
