package io.gilguard.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergedTest {
    private static final String[] NONE = {};

    @Test
    void oneViolationSeenByTwoForksIsOne(@TempDir Path dir) throws IOException {
        Merged merged = new Merged();
        merged.add(Report.read(Reports.write(dir, "a.json", new String[] {Reports.leak(3, "com.example.ATest.one()"), Reports.EXIT}, NONE, NONE)));
        merged.add(Report.read(Reports.write(dir, "b.json", new String[] {Reports.leak(4, "com.example.BTest.two()")}, NONE, NONE)));
        List<Merged.Distinct> violations = merged.violations();
        assertEquals(2, violations.size());
        assertEquals(7, violations.get(0).count);
        assertEquals("LEAKED_AT_RETURN lock=gil thread=\"engine-thread\" at com.example.Leaky.onEvent(Leaky.java:12)"
                + " acquired at com.example.Leaky.onEvent(Leaky.java:13)"
                + " tests=com.example.ATest.one(), com.example.BTest.two() count=7", violations.get(0).describe());
        assertEquals("HELD_AT_THREAD_EXIT lock=gil thread=\"engine-thread\" acquired at com.example.Leaky.onEvent(Leaky.java:13)"
                + " hold count 100 count=1", violations.get(1).describe());
        assertEquals(2, merged.reports());
    }

    @Test
    void anotherAcquisitionSiteIsAnotherViolation(@TempDir Path dir) throws IOException {
        Merged merged = new Merged();
        merged.add(Report.read(Reports.write(dir, "a.json", new String[] {Reports.leak(1, null)}, NONE, NONE)));
        String elsewhere = Reports.leak(1, null).replace("\"line\":13", "\"line\":14");
        merged.add(Report.read(Reports.write(dir, "b.json", new String[] {elsewhere}, NONE, NONE)));
        assertEquals(2, merged.violations().size());
        assertTrue(merged.violations().get(1).describe().endsWith("acquired at com.example.Leaky.onEvent(Leaky.java:14) count=1"));
    }

    @Test
    void suppressedAndFindingsAreApart(@TempDir Path dir) throws IOException {
        Merged merged = new Merged();
        merged.add(Report.read(Reports.write(dir, "a.json", NONE, new String[] {Reports.LONG_HOLD}, new String[] {Reports.NATIVE})));
        merged.add(Report.read(Reports.write(dir, "b.json", NONE, NONE, new String[] {Reports.NATIVE})));
        assertEquals(List.of(), merged.violations());
        assertEquals(1, merged.suppressed().size());
        assertEquals("FORBIDDEN_HELD lock=gil thread=\"main\" at com.example.Lib.compute(Lib.java)"
                + " acquired at com.example.Main.main(Main.java:16) count=2 suppressed: legacy, fixed in 2.0",
                merged.suppressed().get(0).describe());
        assertEquals("LONG_HOLD_ACROSS_NATIVE lock=gil thread=\"main\" at com.example.Lib.compute(Lib.java) held 400 ms count=1",
                merged.findings().get(0).describe());
    }

    @Test
    void threadStateIsSaidAsTheAgentSaysIt(@TempDir Path dir) throws IOException {
        Merged merged = new Merged();
        merged.add(Report.read(Reports.write(dir, "a.json", new String[] {Reports.STATE}, NONE, NONE)));
        assertEquals("FOREIGN_STATE state=com.example.Interp thread=\"pool-1\" owner=\"main\" at com.example.Use.run(Unknown Source)"
                + " created at com.example.Main.main(Main.java:5) count=2", merged.violations().get(0).describe());
    }

    @Test
    void aFileThatIsNoReportIsSaidSo(@TempDir Path dir) throws IOException {
        Path other = Files.writeString(dir.resolve("package.json"), "{\"name\": \"x\"}");
        IOException e = assertThrows(IOException.class, () -> Report.read(other));
        assertTrue(e.getMessage().contains("not a gilguard report"), e.getMessage());
        Path cut = Files.writeString(dir.resolve("cut.json"), "{\"violations\": [");
        assertThrows(IOException.class, () -> Report.read(cut));
    }
}
