package io.gilguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gilguard.runtime.Kind;
import io.gilguard.runtime.MadeViolations;
import io.gilguard.runtime.Sites;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuppressionsTest {
    @TempDir
    Path dir;

    @Test
    void anEntryOfAKindMatchesThatKindOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("s"), "suppress kind=UNPAIRED_RELEASE reason=\"known\"\n");
        Suppressions s = Suppressions.read(file);
        int site = Sites.register("com.example.Engine", "stop", "Engine.java", 41);
        assertEquals("known", s.reason(MadeViolations.of(Kind.UNPAIRED_RELEASE, "gil", "main", site, 0, 1, null)));
        assertNull(s.reason(MadeViolations.of(Kind.FOREIGN_RELEASE, "gil", "main", site, 0, 1, null)));
    }

    @Test
    void anUnknownKindStopsTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("s"), "suppress kind=LEAKED reason=\"x\"\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Suppressions.read(file));
        assertEquals(file + ":1:10: unknown kind 'LEAKED'", e.getMessage());
    }
}
