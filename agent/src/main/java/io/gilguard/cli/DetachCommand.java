package io.gilguard.cli;

import com.sun.tools.attach.VirtualMachine;
import io.gilguard.agent.Presence;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code detach PID}: undoes an attach through the {@code io.gilguard:type=Agent} MBean (loading
 * the agent a second time would print JDK 21's warning again): every class gilguard changed gets
 * its original bytecode back, reporting stops, the application runs on.
 */
final class DetachCommand {
    private DetachCommand() {}

    static int run(List<String> args, PrintStream out) {
        Target target = Target.of(Cli.onlyArgument(args, "detach PID"));
        VirtualMachine vm = target.connect();
        try {
            Map<String, String> agent = Jmx.requireAgent(vm, target);
            if (Presence.JAVAAGENT.equals(agent.get("mode"))) {
                throw new CliError(Cli.TARGET, "gilguard: process " + target.pid + " runs gilguard from -javaagent, which"
                        + " cannot be detached (the native methods it wrapped at start-up cannot be given back their"
                        + " shape); only an attach can");
            }
            String[] lines = (String[]) Jmx.invoke(vm, target, Jmx.AGENT, "detach");
            boolean restored = true;
            for (String line : lines) {
                out.println(line);
                restored &= !line.contains("NOT restored");
            }
            return restored ? Cli.OK : Cli.TARGET;
        } catch (IOException e) {
            throw new CliError(Cli.TARGET, "gilguard: lost the connection to process " + target.pid + ": " + e.getMessage());
        } finally {
            Target.detach(vm);
        }
    }
}
