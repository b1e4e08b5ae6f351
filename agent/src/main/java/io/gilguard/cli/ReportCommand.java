package io.gilguard.cli;

import io.gilguard.agent.Control;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code report PID [--json]}: what gilguard has seen so far in a running JVM, as its control
 * socket answers: the violations, and for every thread the tracked locks it holds now, with
 * count and acquisition site.
 */
final class ReportCommand {
    private ReportCommand() {}

    static int run(List<String> args, PrintStream out) {
        boolean json = args.contains("--json");
        List<String> rest = args.stream().filter(a -> !a.equals("--json")).collect(Collectors.toList());
        Target target = Target.of(Cli.onlyArgument(rest, "report PID [--json]"));
        String answer = ControlClient.ask(target, json ? Control.REPORT_JSON : Control.REPORT);
        if (answer == null) {
            throw Silence.explain(target);
        }
        out.print(answer);
        return Cli.OK;
    }
}
