package io.gilguard.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The process a command is aimed at, checked before anything is sent to it: it exists, it is
 * not this command, it belongs to this user, and (before the attach API touches it) it is a JVM.
 * The attach API would otherwise signal a process that is not a JVM (SIGQUIT, which ends most
 * programs) and wait ten seconds for an answer that never comes.
 *
 * <p>What the attach API does is tried again until {@link Deadline#PATIENCE} is up: on a busy
 * machine a JVM may start its attach listener after HotSpot's client has stopped waiting.
 */
final class Target {
    final long pid;
    final String command;

    private Target(long pid, String command) {
        this.pid = pid;
        this.command = command;
    }

    /** The process {@code text} names: it exists, is not this command, and is this user's. */
    static Target of(String text) {
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CliError(Cli.USAGE, "gilguard: '" + text + "' is not a process id (" + Cli.JAR + " list shows them)");
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new CliError(Cli.TARGET, "gilguard: process " + pid + " is this gilguard command itself");
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            throw new CliError(Cli.TARGET, "gilguard: no process with id " + pid);
        }
        String command = handle.get().info().command().orElse("?");
        String owner = otherOwner(pid);
        if (owner != null) {
            throw new CliError(Cli.TARGET, "gilguard: process " + pid + " belongs to user '" + owner + "', not to '"
                    + System.getProperty("user.name") + "'; a JVM takes agents from its own user only: run gilguard"
                    + " as '" + owner + "' (sudo -u " + owner + " " + Cli.JAR + " ...)");
        }
        return new Target(pid, command);
    }

    /** This target, once it is known to be a JVM that the attach API may be used on. */
    Target requireJvm() {
        if (!isJvm(pid)) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new CliError(Cli.TARGET, "gilguard: process " + pid + " (" + command + ") is not a Java virtual machine");
            }
            // a JVM that is ending has no /proc maps and no perf data left to tell it by
            throw new CliError(Cli.TARGET, "gilguard: process " + pid + " has ended");
        }
        return this;
    }

    /**
     * Whether the process is one of this user's JVMs: one whose attach listener runs (its socket
     * is there: the attach API then connects and sends no signal, so even a stale socket is
     * safe), one the attach API lists (its perf data, which a busy JVM may not show yet), or one
     * running libjvm.
     */
    static boolean isJvm(long pid) {
        String id = Long.toString(pid);
        if (Files.exists(Path.of("/proc", id, "root/tmp/.java_pid" + id))) {
            return true;
        }
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (d.id().equals(id)) {
                return true;
            }
        }
        // not listed when started with -XX:-UsePerfData, or from another temporary directory
        Path maps = Path.of("/proc", id, "maps");
        // a reader, not Files.lines: /proc files say they are empty, and Files.lines trusts that
        try (Stream<String> lines = Files.newBufferedReader(maps).lines()) {
            return lines.anyMatch(l -> l.endsWith("/libjvm.so"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The name of the process's owner when it is not this user, else null (also where it cannot be told). */
    static String otherOwner(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            Object theirs = Files.getAttribute(proc, "unix:uid");
            Object ours = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return theirs.equals(ours) ? null : Files.getOwner(proc).getName();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Opens the attach connection, trying again until the deadline; one clear line if the JVM never answers. */
    VirtualMachine connect() {
        Deadline deadline = Deadline.start();
        while (true) {
            try {
                return VirtualMachine.attach(Long.toString(pid));
            } catch (AttachNotSupportedException | IOException e) {
                if (!alive() || !deadline.pause()) {
                    throw new CliError(Cli.TARGET, "gilguard: cannot attach to process " + pid + " (" + command + ")"
                            + (alive() ? " within " + Deadline.PATIENCE.toSeconds() + " s" : ", which has ended") + ": "
                            + e.getMessage() + " (a JVM started with -XX:+DisableAttachMechanism refuses every tool)");
                }
            }
        }
    }

    /** The target's system properties, through the attach API; tried again on a broken connection. */
    Properties systemProperties() {
        return read(true);
    }

    /** The target's agent properties (its JVM arguments among them). */
    Properties agentProperties() {
        return read(false);
    }

    private Properties read(boolean system) {
        Deadline deadline = Deadline.start();
        while (true) {
            VirtualMachine vm = connect();
            try {
                return system ? vm.getSystemProperties() : vm.getAgentProperties();
            } catch (IOException e) {
                if (!alive() || !deadline.pause()) {
                    throw lost(e);
                }
            } finally {
                detach(vm);
            }
        }
    }

    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    CliError lost(IOException e) {
        return new CliError(Cli.TARGET, "gilguard: lost the connection to process " + pid
                + (alive() ? "" : ", which has ended") + ": " + e.getMessage());
    }

    static void detach(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException e) {
            // the connection is gone either way
        }
    }
}
