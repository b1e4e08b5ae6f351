package io.gilguard.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckMojoTest {
    private static final String[] NONE = {};

    @Test
    void failsListingTheViolationsOfEveryFork(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("target/gilguard");
        Reports.write(reports, "gilguard-1.json", new String[] {Reports.leak(2, "com.example.ATest.one()")}, NONE, new String[] {Reports.NATIVE});
        Reports.write(reports, "gilguard-2.json", new String[] {Reports.EXIT}, NONE, NONE);
        Said said = new Said();
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> check(dir, true, said).execute());
        assertEquals("gilguard: 2 violations in 2 reports (" + reports + "):\n"
                + "  LEAKED_AT_RETURN lock=gil thread=\"engine-thread\" at com.example.Leaky.onEvent(Leaky.java:12)"
                + " acquired at com.example.Leaky.onEvent(Leaky.java:13) test=com.example.ATest.one() count=2\n"
                + "  HELD_AT_THREAD_EXIT lock=gil thread=\"engine-thread\" acquired at com.example.Leaky.onEvent(Leaky.java:13)"
                + " hold count 100 count=1\n"
                + "(failOnViolation=false makes them warnings)", e.getMessage());
        assertTrue(said.has("INFO", "gilguard: 1 suppressed"), said.lines.toString());
    }

    @Test
    void failOnViolationFalseWarns(@TempDir Path dir) throws Exception {
        Reports.write(dir.resolve("target/gilguard"), "gilguard-1.json", new String[] {Reports.leak(1, null)}, NONE, NONE);
        Said said = new Said();
        check(dir, false, said).execute();
        assertTrue(said.has("WARN", "gilguard: 1 violation in 1 report"), said.lines.toString());
        assertTrue(said.has("WARN", "LEAKED_AT_RETURN lock=gil"), said.lines.toString());
    }

    @Test
    void onlySuppressedPasses(@TempDir Path dir) throws Exception {
        Reports.write(dir.resolve("target/gilguard"), "gilguard-1.json", NONE, new String[] {Reports.LONG_HOLD}, new String[] {Reports.NATIVE});
        Said said = new Said();
        check(dir, true, said).execute();
        assertTrue(said.has("INFO", "gilguard: 0 violations in 1 report"), said.lines.toString());
        assertTrue(said.has("INFO", "suppressed: legacy, fixed in 2.0"), said.lines.toString());
        assertTrue(said.has("INFO", "gilguard: finding: LONG_HOLD_ACROSS_NATIVE"), said.lines.toString());
    }

    @Test
    void noReportWhereTestsRanSaysTheAgentDidNotRun(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("target/test-classes"));
        Said said = new Said();
        check(dir, true, said).execute();
        assertTrue(said.has("WARN", "the agent did not run in any test JVM"), said.lines.toString());

        Said skipped = new Said();
        CheckMojo mojo = check(dir, true, skipped);
        mojo.skipTests = true;
        mojo.execute();
        assertTrue(skipped.has("INFO", "no report: tests skipped"), skipped.lines.toString());
    }

    private static CheckMojo check(Path basedir, boolean failOnViolation, Said said) throws IOException {
        MavenProject project = new MavenProject();
        project.getBuild().setDirectory(basedir.resolve("target").toString());
        project.getBuild().setTestOutputDirectory(basedir.resolve("target/test-classes").toString());
        CheckMojo mojo = new CheckMojo();
        mojo.project = project;
        mojo.destFile = basedir.resolve("target/gilguard/gilguard-%p.json").toFile();
        mojo.failOnViolation = failOnViolation;
        mojo.setLog(said);
        return mojo;
    }
}
