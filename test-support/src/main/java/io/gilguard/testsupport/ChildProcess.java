package io.gilguard.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process a test starts, a JVM mostly. Its stdout and stderr go to files of its own run
 * directory rather than pipes: a child that writes a lot never blocks on a full pipe, a test can
 * read them while the child runs, and they are still there for a person after a failure.
 */
public final class ChildProcess {
    private final Process process;
    private final String command;
    private final Path runDir;
    private final Path stdout;
    private final Path stderr;

    private ChildProcess(Process process, String command, Path runDir) {
        this.process = process;
        this.command = command;
        this.runDir = runDir;
        this.stdout = runDir.resolve("stdout.txt");
        this.stderr = runDir.resolve("stderr.txt");
    }

    /**
     * Starts {@code command} in {@code workDir}. {@code runDir} (created if need be) gets
     * command.txt, stdout.txt and stderr.txt.
     */
    public static ChildProcess start(List<String> command, Path workDir, Path runDir) throws IOException {
        Files.createDirectories(runDir);
        String line = String.join(" ", command);
        Files.writeString(runDir.resolve("command.txt"), line + "\n");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(runDir.resolve("stdout.txt").toFile())
                .redirectError(runDir.resolve("stderr.txt").toFile())
                .start();
        return new ChildProcess(p, line, runDir);
    }

    /** The command line, its words joined by spaces. */
    public String command() {
        return command;
    }

    public Path runDir() {
        return runDir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** True if the child ended within the timeout. */
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** What the child wrote to stdout so far. */
    public String stdout() throws IOException {
        return read(stdout);
    }

    /** What the child wrote to stderr so far. */
    public String stderr() throws IOException {
        return read(stderr);
    }

    private static String read(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.readString(file) : "";
    }

    /** The child's stdin, for tests that talk to it. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /**
     * What the child's threads are doing (jcmd PID Thread.print of {@code jdk}), also kept in
     * thread-dump.txt of the run directory. Never fails: a hang being reported matters more.
     */
    public String threadDump(Jdk jdk) {
        // to a file: a dump larger than a pipe's buffer would block jcmd until it is read
        Path dump = runDir.resolve("thread-dump.txt");
        try {
            Process j = new ProcessBuilder(jdk.tool("jcmd").toString(), Long.toString(pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
            if (!j.waitFor(20, TimeUnit.SECONDS)) {
                j.destroyForcibly();
                return "(jcmd did not answer)";
            }
            return new String(Files.readAllBytes(dump), StandardCharsets.UTF_8);
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** Kills the child if it still runs, and waits (10 s at most) until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
