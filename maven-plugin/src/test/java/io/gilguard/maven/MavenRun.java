package io.gilguard.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One real {@code mvn} run in a folder, its output kept in a file beside it. */
final class MavenRun {
    final int status;
    final String output;
    final Path log;

    private MavenRun(int status, String output, Path log) {
        this.status = status;
        this.output = output;
        this.log = log;
    }

    /**
     * Runs {@code MAVEN_HOME/bin/mvn ARGS} in {@code dir} on the JDK {@code javaHome}; the whole
     * build must end within {@code minutes}, or its processes are ended and the run fails.
     */
    static MavenRun run(Path dir, Path javaHome, Path log, int minutes, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(mvn());
        command.add("-B");
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().remove("MAVEN_OPTS");
        Process p = pb.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError("mvn " + String.join(" ", args) + " in " + dir + " did not end within " + minutes
                    + " minutes; its output: " + log);
        }
        return new MavenRun(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), log);
    }

    /** The {@code mvn} of the Maven that runs this build ({@code maven.home}), else the one on the PATH. */
    private static String mvn() {
        String home = System.getProperty("maven.home");
        if (home != null && !home.isEmpty()) {
            File mvn = new File(home, "bin/mvn");
            if (mvn.canExecute()) {
                return mvn.getPath();
            }
        }
        return "mvn";
    }
}
