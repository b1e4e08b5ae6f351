package io.gilguard.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Reads the JSON report of every test JVM (every {@code *.json} in {@code destFile}'s folder),
 * says each distinct violation once, with the tests that failed for it and how often it
 * happened, and fails the build if there is one. Suppressed violations (the agent's
 * {@code suppressions=}) are counted, never failed for; findings are advice and never fail.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class CheckMojo extends AbstractMojo {
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** The reports' file pattern, as given to {@code prepare-agent}: its folder is read. */
    @Parameter(property = "gilguard.destFile", defaultValue = "${project.build.directory}/gilguard/gilguard-%p.json")
    File destFile;

    /** {@code false}: the violations are said as warnings and the build goes on. */
    @Parameter(property = "gilguard.failOnViolation", defaultValue = "true")
    boolean failOnViolation;

    @Parameter(property = "gilguard.skip", defaultValue = "false")
    boolean skip;

    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    @Parameter(property = "maven.test.skip", defaultValue = "false")
    boolean testSkip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("gilguard: skipped");
            return;
        }
        Path dir = destFile.getAbsoluteFile().getParentFile().toPath();
        List<Path> files = reports(dir);
        if (files.isEmpty()) {
            noReport(dir);
            return;
        }
        Merged merged = new Merged();
        for (Path file : files) {
            try {
                merged.add(Report.read(file));
            } catch (IOException e) {
                throw new MojoExecutionException("gilguard: cannot read a report: " + e.getMessage(), e);
            }
        }
        say(merged, dir);
        List<Merged.Distinct> violations = merged.violations();
        if (violations.isEmpty()) {
            return;
        }
        String listing = listing(violations, merged.reports(), dir);
        if (failOnViolation) {
            throw new MojoFailureException(listing + "\n(failOnViolation=false makes them warnings)");
        }
        for (String line : listing.split("\n")) {
            getLog().warn(line);
        }
    }

    /** What is not a violation: suppressed ones, findings, and the agent's own troubles. */
    private void say(Merged merged, Path dir) {
        List<Merged.Distinct> suppressed = merged.suppressed();
        if (!suppressed.isEmpty()) {
            getLog().info("gilguard: " + suppressed.size() + " suppressed:");
            for (Merged.Distinct d : suppressed) {
                getLog().info("  " + d.describe());
            }
        }
        for (Merged.Distinct d : merged.findings()) {
            getLog().info("gilguard: finding: " + d.describe());
        }
        if (merged.dropped() > 0) {
            getLog().warn("gilguard: " + merged.dropped() + " distinct reports were dropped (a test JVM held 10,000 already)");
        }
        if (merged.internalErrors() > 0) {
            getLog().warn("gilguard: the agent failed " + merged.internalErrors() + " times (its lines on the tests' stderr say where)");
        }
        if (merged.violations().isEmpty()) {
            getLog().info("gilguard: 0 violations in " + merged.reports() + " report" + (merged.reports() == 1 ? "" : "s") + " (" + dir + ")");
        }
    }

    static String listing(List<Merged.Distinct> violations, int reports, Path dir) {
        StringBuilder b = new StringBuilder("gilguard: ").append(violations.size()).append(" violation")
                .append(violations.size() == 1 ? "" : "s").append(" in ").append(reports).append(" report")
                .append(reports == 1 ? "" : "s").append(" (").append(dir).append("):");
        for (Merged.Distinct d : violations) {
            b.append("\n  ").append(d.describe());
        }
        return b.toString();
    }

    private void noReport(Path dir) {
        if (skipTests || testSkip) {
            getLog().info("gilguard: no report: tests skipped");
        } else if (!new File(project.getBuild().getTestOutputDirectory()).isDirectory()) {
            getLog().info("gilguard: no report: no tests");
        } else {
            getLog().warn("gilguard: no report in " + dir + ": the agent did not run in any test JVM"
                    + " (is prepare-agent in the build, and does a Surefire <argLine> of its own keep @{argLine}?)");
        }
    }

    private static List<Path> reports(Path dir) throws MojoExecutionException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : stream) {
                files.add(f);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("gilguard: cannot list " + dir + ": " + e, e);
        }
        files.sort(null);
        return files;
    }
}
