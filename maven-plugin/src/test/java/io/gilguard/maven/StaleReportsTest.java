package io.gilguard.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleReportsTest {
    @Test
    void deletesWhatThePatternNamedAndNothingElse(@TempDir Path dir) throws IOException {
        for (String name : List.of("gilguard-123.json", "gilguard-9.json", "gilguard-x.json", "other.json", "gilguard-123.sarif")) {
            Files.writeString(dir.resolve(name), "{}");
        }
        List<Path> deleted = StaleReports.delete(dir.resolve("gilguard-%p.json").toFile());
        assertEquals(2, deleted.size());
        assertTrue(Files.exists(dir.resolve("gilguard-x.json")));
        assertTrue(Files.exists(dir.resolve("other.json")));
        assertTrue(Files.exists(dir.resolve("gilguard-123.sarif")));
    }

    @Test
    void noFolderYetIsNothingToDelete(@TempDir Path dir) throws IOException {
        assertEquals(List.of(), StaleReports.delete(dir.resolve("not/yet/gilguard-%p.json").toFile()));
    }
}
