package io.gilguard.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;

/** {@code list}: this user's JVMs that gilguard can attach to, like {@code jps -l}: pid and main class or jar. */
final class ListCommand {
    private ListCommand() {}

    static int run(List<String> args, PrintStream out) {
        if (!args.isEmpty()) {
            throw new CliError(Cli.USAGE, "gilguard: expected " + Cli.JAR + " list");
        }
        long self = ProcessHandle.current().pid();
        List<VirtualMachineDescriptor> jvms = new java.util.ArrayList<>(VirtualMachine.list());
        jvms.sort(Comparator.comparingLong(d -> pid(d.id())));
        int n = 0;
        for (VirtualMachineDescriptor d : jvms) {
            long pid = pid(d.id());
            if (pid == self || pid < 0 || Target.otherOwner(pid) != null || ProcessHandle.of(pid).isEmpty()) {
                continue;
            }
            out.println(pid + " " + (d.displayName().isEmpty() ? "(unknown main class)" : d.displayName()));
            n++;
        }
        if (n == 0) {
            System.err.println("gilguard: no other JVM of user '" + System.getProperty("user.name") + "' is running");
        }
        return Cli.OK;
    }

    private static long pid(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
