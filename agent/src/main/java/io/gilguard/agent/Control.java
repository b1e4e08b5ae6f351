package io.gilguard.agent;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the CLI's {@code report} and {@code detach} reach gilguard in a running JVM: one request
 * line on a Unix-domain socket that the agent listens on ({@link ControlSocket}), one answer. The
 * path follows from the process id alone, so a command needs neither a TCP port nor RMI nor a
 * JMX agent started in the target: on a loaded machine those were what failed (a connector
 * start-up, an ephemeral port, an RMI handshake, each with its own timing), and none of them is
 * needed to read a few lines from a process.
 *
 * <p>Like the JVM's own attach socket ({@code /tmp/.java_pidN}), it is in {@code /tmp} on Linux
 * whatever {@code java.io.tmpdir} says (the CLI cannot know the target's), and the CLI reaches
 * it through {@code /proc/N/root}, the target's view of the file system (a container's too).
 */
public final class Control {
    /** Requests: the live report as text, as JSON; undo the attach. */
    public static final String REPORT = "report";
    public static final String REPORT_JSON = "report --json";
    public static final String DETACH = "detach";

    /** The first line of an answer: what follows is the answer, or one line saying why not. */
    public static final String DONE = "done";
    public static final String REFUSED = "refused";

    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

    private Control() {}

    /** Where the agent of process {@code pid} listens, as that process sees its file system. */
    static Path socket(long pid) {
        Path dir = LINUX ? Path.of("/tmp") : Path.of(System.getProperty("java.io.tmpdir"));
        return dir.resolve(".gilguard_" + pid);
    }

    /** The same socket as another process sees it: through the target's root where there is one. */
    public static Path socketOf(long pid) {
        Path inside = socket(pid);
        Path root = Path.of("/proc", Long.toString(pid), "root");
        return LINUX && Files.isDirectory(root) ? root.resolve(inside.toString().substring(1)) : inside;
    }
}
