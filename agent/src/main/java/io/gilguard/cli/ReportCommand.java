package io.gilguard.cli;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code report PID [--json]}: what gilguard has seen so far in a running JVM, read from its
 * {@code io.gilguard:type=Ledger} MBean: the violations, and for every thread the tracked locks
 * it holds now, with count and acquisition site.
 */
final class ReportCommand {
    private ReportCommand() {}

    static int run(List<String> args, PrintStream out) {
        boolean json = args.contains("--json");
        List<String> rest = args.stream().filter(a -> !a.equals("--json")).collect(java.util.stream.Collectors.toList());
        Target target = Target.of(Cli.onlyArgument(rest, "report PID [--json]"));
        VirtualMachine vm = target.connect();
        try {
            Jmx.requireAgent(vm, target);
            out.print(Jmx.invoke(vm, target, Jmx.LEDGER, json ? "reportJson" : "report"));
            return Cli.OK;
        } catch (IOException e) {
            throw new CliError(Cli.TARGET, "gilguard: lost the connection to process " + target.pid + ": " + e.getMessage());
        } finally {
            Target.detach(vm);
        }
    }
}
