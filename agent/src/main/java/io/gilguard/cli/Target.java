package io.gilguard.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The process a command is aimed at, checked before anything is sent to it: it exists, it is
 * not this command, it belongs to this user, and it is a JVM. The attach API would otherwise
 * signal a process that is not a JVM (SIGQUIT, which ends most programs) and wait ten seconds
 * for an answer that never comes.
 */
final class Target {
    final long pid;
    final String command;

    private Target(long pid, String command) {
        this.pid = pid;
        this.command = command;
    }

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
        if (!isJvm(pid)) {
            throw new CliError(Cli.TARGET, "gilguard: process " + pid + " (" + command + ") is not a Java virtual machine");
        }
        return new Target(pid, command);
    }

    /** Whether the process is one of this user's JVMs: listed by the attach API, or running libjvm. */
    static boolean isJvm(long pid) {
        String id = Long.toString(pid);
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

    /** Opens the attach connection; one clear line if the JVM does not answer. */
    VirtualMachine connect() {
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw new CliError(Cli.TARGET, "gilguard: cannot attach to process " + pid + " (" + command + "): "
                    + e.getMessage() + " (a JVM started with -XX:+DisableAttachMechanism refuses every tool)");
        }
    }

    static void detach(VirtualMachine vm) {
        try {
            vm.detach();
        } catch (IOException e) {
            // the connection is gone either way
        }
    }
}
