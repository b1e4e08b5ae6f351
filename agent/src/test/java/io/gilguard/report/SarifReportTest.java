package io.gilguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.runtime.Kind;
import io.gilguard.runtime.MadeViolations;
import io.gilguard.runtime.Sites;
import io.gilguard.runtime.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the SARIF writer worth a look alone; ReportFormatsTest checks whole files against the schema. */
class SarifReportTest {
    @TempDir
    Path dir;

    @Test
    void aPathIsPercentEncodedAsAUriReference() {
        assertEquals("com/example/Engine.java", SarifReport.uri("com/example/Engine.java"));
        assertEquals("a%20b/%C3%A9t%C3%A9/X%24Y.java", SarifReport.uri("a b/été/X$Y.java"));
    }

    @Test
    void theBaseIdsNameTheRootsInOrder() {
        assertEquals("SRCROOT", SarifReport.baseId(0));
        assertEquals("SRCROOT2", SarifReport.baseId(1));
    }

    @Test
    void aLocationIsRelativeToTheRootThatHasItsFile() throws Exception {
        Files.createDirectories(dir.resolve("b/com/example"));
        Files.writeString(dir.resolve("b/com/example/Engine.java"), "class Engine {}\n");
        int site = Sites.register("com.example.Engine", "stop", "Engine.java", 41);
        int other = Sites.register("org.other.Lib", "call", "Lib.java", 3);
        Violation found = MadeViolations.of(Kind.UNPAIRED_RELEASE, "gil", "main", site, 0, 1, null);
        Violation notFound = MadeViolations.of(Kind.UNPAIRED_RELEASE, "gil", "main", other, 0, 1, null);
        String text = SarifReport.text(Tally.of(List.of(found, notFound)), "9.9",
                new SourceRoots(List.of(dir.resolve("a"), dir.resolve("b"))), 0, 0);
        assertTrue(text.contains("\"artifactLocation\":{\"uri\":\"com/example/Engine.java\",\"uriBaseId\":\"SRCROOT2\"},"
                + "\"region\":{\"startLine\":41}"), text);
        assertTrue(text.contains("\"artifactLocation\":{\"uri\":\"org/other/Lib.java\"},\"region\":{\"startLine\":3}"), text);
        // each root's absolute URI, ending with a slash, also for a root that does not exist
        assertTrue(text.contains("\"SRCROOT\": {\"uri\":\"" + dir.resolve("a").toUri() + "/\"}"), text);
        assertTrue(text.contains("\"SRCROOT2\": {\"uri\":\"" + dir.resolve("b").toUri() + "\"}"), text);
    }
}
