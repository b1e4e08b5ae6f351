package io.gilguard.apps;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gilguard.testsupport.ChildProcess;
import io.gilguard.testsupport.Jdk;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A scenario app running in a child JVM while a test talks to it: commands on its stdin, its
 * stdout and stderr read as they grow. The whole life of the child is bounded by
 * {@link Harness#TIMEOUT_SECONDS}; {@link #close} kills it if it is still there.
 */
final class LiveApp implements AutoCloseable {
    private static final AtomicInteger RUNS = new AtomicInteger();

    final Jdk jdk;
    private final ChildProcess process;
    private final OutputStream stdin;
    private final long deadline;

    private LiveApp(Jdk jdk, ChildProcess process, long seconds) {
        this.jdk = jdk;
        this.process = process;
        this.stdin = process.stdin();
        this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }

    /** Starts io.gilguard.apps.SCENARIO.Main with the given JVM options (no agent unless they add one). */
    static LiveApp start(Jdk jdk, String scenario, List<String> jvmOptions) throws IOException {
        return start(jdk, scenario, jvmOptions, List.of());
    }

    /** {@code wrapper}: words before the java command (to run it as another user, say). */
    static LiveApp start(Jdk jdk, String scenario, List<String> jvmOptions, List<String> wrapper) throws IOException {
        return start(jdk, scenario, jvmOptions, wrapper, Harness.MODULE);
    }

    /**
     * {@code home}: a directory with the module's {@code target/classes} and {@code target/native}
     * (a copy another user can read, say); the app runs in it.
     */
    static LiveApp start(Jdk jdk, String scenario, List<String> jvmOptions, List<String> wrapper, Path home)
            throws IOException {
        return start(jdk, scenario, jvmOptions, wrapper, home, Harness.TIMEOUT_SECONDS);
    }

    /** As {@link #start(Jdk, String, List)}, for a test that talks to the app for up to {@code seconds}. */
    static LiveApp startFor(Jdk jdk, String scenario, List<String> jvmOptions, long seconds) throws IOException {
        return start(jdk, scenario, jvmOptions, List.of(), Harness.MODULE, seconds);
    }

    /**
     * Starts {@code mainClass}, a test class that uses a real library, as
     * {@link Harness#runWithLibraries} does: the test classes and the jars of this JVM's class
     * path whose file names start with one of {@code libraries}.
     */
    static LiveApp startWithLibraries(Jdk jdk, String mainClass, List<String> libraries) throws IOException {
        int feature = jdk.feature();
        String label = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        Path dir = Harness.MODULE.resolve("target/gilguard-runs")
                .resolve(String.format("live-%03d-%s-jdk%d", RUNS.incrementAndGet(), label, feature));
        List<String> classPath = new ArrayList<>(List.of(Harness.MODULE.resolve("target/test-classes").toString()));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (libraries.stream().anyMatch(name::startsWith)) {
                classPath.add(entry);
            }
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java().toString());
        if (feature >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED"); // System.loadLibrary is restricted
        }
        cmd.add("-Djava.library.path=" + Harness.MODULE.resolve("target/native"));
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, classPath));
        cmd.add(mainClass);
        return new LiveApp(jdk, ChildProcess.start(cmd, Harness.MODULE, dir), Harness.TIMEOUT_SECONDS);
    }

    private static LiveApp start(Jdk jdk, String scenario, List<String> jvmOptions, List<String> wrapper, Path home,
            long seconds) throws IOException {
        int feature = jdk.feature();
        Path dir = Harness.MODULE.resolve("target/gilguard-runs")
                .resolve(String.format("live-%03d-%s-jdk%d", RUNS.incrementAndGet(), scenario, feature));
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(jdk.java().toString());
        if (feature >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED"); // System.loadLibrary is restricted
        }
        cmd.addAll(jvmOptions);
        cmd.add("-Djava.library.path=" + home.resolve("target/native"));
        cmd.add("-cp");
        cmd.add(home.resolve("target/classes").toString());
        cmd.add("io.gilguard.apps." + scenario + ".Main");
        return new LiveApp(jdk, ChildProcess.start(cmd, home, dir), seconds);
    }

    long pid() {
        return process.pid();
    }

    void send(String command) throws IOException {
        stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    List<String> stdoutLines() throws IOException {
        return lines(process.stdout());
    }

    List<String> stderrLines() throws IOException {
        return lines(process.stderr());
    }

    /** How many stderr lines equal {@code line}. */
    long stderrCount(String line) {
        try {
            return stderrLines().stream().filter(line::equals).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Every line gilguard wrote to the app's stderr is whole: it starts a line and ends with a line
     * end (the file ends with one, and no "gilguard:" follows other text on a line).
     */
    void assertLinesEnded() throws IOException {
        String raw = process.stderr();
        assertTrue(raw.isEmpty() || raw.endsWith("\n"), "stderr does not end with a line end\n" + this);
        for (String line : raw.split("\n")) {
            assertTrue(line.indexOf("gilguard:") <= 0, "a gilguard line glued to other text: " + line + "\n" + this);
        }
    }

    /** Waits until stdout has a line equal to {@code line} at least {@code times} times. */
    void awaitStdout(String line, int times) throws IOException, InterruptedException {
        await("stdout line '" + line + "' x" + times, () -> stdoutLines().stream().filter(line::equals).count() >= times);
    }

    void awaitStdout(String line) throws IOException, InterruptedException {
        awaitStdout(line, 1);
    }

    /** Waits until a stderr line matches. */
    void awaitStderr(String what, Predicate<String> line) throws IOException, InterruptedException {
        await("stderr: " + what, () -> stderrLines().stream().anyMatch(line));
    }

    /** Waits for the app to end by itself; returns its exit status. */
    int awaitExit() throws InterruptedException, IOException {
        long left = deadline - System.nanoTime();
        if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
            fail("child JVM still running at its deadline\n" + this);
        }
        return process.exitValue();
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private void await(String what, Condition condition) throws IOException, InterruptedException {
        while (!condition.holds()) {
            if (!process.isAlive() && !condition.holds()) {
                fail("child JVM ended (exit " + process.exitValue() + ") before " + what + "\n" + this);
            }
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + "\n" + this);
            }
            Thread.sleep(50);
        }
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).collect(Collectors.toList());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // the child may be gone already
        }
        if (process.isAlive()) {
            process.kill();
        }
    }

    @Override
    public String toString() {
        try {
            return "--- " + process.command() + "\n--- stdout:\n" + String.join("\n", stdoutLines()) + "\n--- stderr:\n"
                    + String.join("\n", stderrLines());
        } catch (IOException e) {
            return process.command() + " (output unreadable: " + e + ")";
        }
    }
}
