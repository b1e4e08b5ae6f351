package io.gilguard.cli;

import io.gilguard.agent.Control;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code detach PID}: undoes an attach, asked through gilguard's control socket (loading the
 * agent a second time would print JDK 21's warning again): every class gilguard changed gets
 * its original bytecode back, the report file is written, reporting stops, the application runs
 * on. An agent started with {@code -javaagent} refuses, and says why.
 */
final class DetachCommand {
    private DetachCommand() {}

    static int run(List<String> args, PrintStream out) {
        Target target = Target.of(Cli.onlyArgument(args, "detach PID"));
        String answer = ControlClient.ask(target, Control.DETACH);
        if (answer == null) {
            throw Silence.explain(target);
        }
        boolean restored = true;
        for (String line : answer.split("\n")) {
            if (!line.isEmpty()) {
                out.println(line);
                restored &= !line.contains("NOT restored");
            }
        }
        return restored ? Cli.OK : Cli.TARGET;
    }
}
