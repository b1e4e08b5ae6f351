package io.gilguard.cli;

import io.gilguard.agent.Control;
import io.gilguard.agent.Presence;
import java.util.Map;

/**
 * Why a process gives no answer on gilguard's control socket, told through the attach API (only
 * then, and only once the process is known to be a JVM): no agent, an agent started with
 * {@code -javaagent} without its live report, or an agent that should listen and does not.
 */
final class Silence {
    private Silence() {}

    static CliError explain(Target target) {
        target.requireJvm();
        String present = target.systemProperties().getProperty(Presence.AGENT);
        if (present == null) {
            return new CliError(Cli.TARGET, "gilguard: process " + target.pid + " runs no gilguard agent; load one: "
                    + Cli.JAR + " attach " + target.pid + " rules=FILE");
        }
        Map<String, String> agent = Presence.parse(present);
        if (Presence.JAVAAGENT.equals(agent.get("mode")) && !"on".equals(agent.get("control"))) {
            return new CliError(Cli.TARGET, "gilguard: process " + target.pid + " runs gilguard without its live report"
                    + " (started with -javaagent); start it with -Dgilguard.jmx=true to read it live");
        }
        return new CliError(Cli.TARGET, "gilguard: process " + target.pid + " runs gilguard (" + agent.get("mode")
                + "), but nothing answers on its control socket " + Control.socketOf(target.pid)
                + ("on".equals(agent.get("control")) ? "" : " (it could not listen: its stderr says why)"));
    }
}
