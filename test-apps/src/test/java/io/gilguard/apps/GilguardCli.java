package io.gilguard.apps;

import static org.junit.jupiter.api.Assertions.fail;

import io.gilguard.testsupport.ChildProcess;
import io.gilguard.testsupport.Jdk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Runs {@code java -jar gilguard.jar ARGS} in a child JVM (working directory: the test-apps module). */
final class GilguardCli {
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** One command's outcome. */
    static final class Result {
        final String command;
        final int exit;
        final String stdout;
        final String stderr;

        Result(String command, int exit, String stdout, String stderr) {
            this.command = command;
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        List<String> stdoutLines() {
            return stdout.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        }

        List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        }

        @Override
        public String toString() {
            return "--- " + command + "\n--- exit " + exit + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    private GilguardCli() {
    }

    static Result run(Jdk jdk, String... args) throws IOException, InterruptedException {
        Path dir = Harness.MODULE.resolve("target/gilguard-runs").resolve(String.format("cli-%03d-%s", RUNS.incrementAndGet(),
                args.length == 0 ? "usage" : args[0]));
        List<String> cmd = new ArrayList<>(List.of(jdk.java().toString(), "-jar", Harness.AGENT_JAR.toString()));
        cmd.addAll(Arrays.asList(args));
        ChildProcess p = ChildProcess.start(cmd, Harness.MODULE, dir);
        if (!p.waitFor(Harness.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            String dump = p.threadDump(jdk);
            p.kill();
            fail("gilguard CLI still running after " + Harness.TIMEOUT_SECONDS + " s, killed: " + p.command()
                    + "\n--- stdout:\n" + p.stdout() + "--- stderr:\n" + p.stderr() + "--- thread dump:\n" + dump);
        }
        return new Result(p.command(), p.exitValue(), p.stdout(), p.stderr());
    }
}
