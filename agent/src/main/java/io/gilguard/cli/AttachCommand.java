package io.gilguard.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.VirtualMachine;
import io.gilguard.agent.Presence;
import io.gilguard.agent.TargetOptions;
import io.gilguard.rules.RulesException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code attach PID rules=FILE[,...]}: loads the agent into a running JVM. The options and the
 * rules file are checked here first, so that a mistake in them never reaches the target; then
 * the target is checked, then told. The agent's own account (what it retransformed, the
 * self-check of every rule) comes back through {@link Presence#OUTCOME} and is printed.
 */
final class AttachCommand {
    private AttachCommand() {}

    static int run(List<String> args, PrintStream out) {
        if (args.isEmpty()) {
            throw new CliError(Cli.USAGE, "gilguard: expected " + Cli.JAR + " attach PID rules=FILE[,key=value...]");
        }
        String options = String.join(",", args.subList(1, args.size()));
        if (options.isBlank()) {
            throw new CliError(Cli.USAGE, "gilguard: attach needs the rules: " + Cli.JAR + " attach " + args.get(0)
                    + " rules=FILE[,key=value...]");
        }
        TargetOptions checked;
        try {
            checked = TargetOptions.check(options, Path.of("").toAbsolutePath());
        } catch (RulesException | IllegalArgumentException e) {
            throw new CliError(Cli.USAGE, e.getMessage());
        }
        Target target = Target.of(args.get(0)).requireJvm();
        Properties system = target.systemProperties();
        String present = system.getProperty(Presence.AGENT);
        if (present != null) {
            throw new CliError(Cli.TARGET, already(target.pid, present));
        }
        Path jar = agentJar();
        NextTime.print(out, target.pid, system, target.agentProperties(), jar, checked.text);
        out.flush();
        VirtualMachine vm = target.connect();
        try {
            // Not tried again: the request may have reached the target, and a second load would
            // find the first agent there and overwrite its outcome.
            load(vm, target, jar, checked.text);
        } catch (IOException e) {
            throw target.lost(e);
        } finally {
            Target.detach(vm);
        }
        return outcome(target, out);
    }

    private static void load(VirtualMachine vm, Target target, Path jar, String options) throws IOException {
        try {
            vm.loadAgent(jar.toString(), options);
        } catch (AgentLoadException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("EnableDynamicAgentLoading")) {
                throw new CliError(Cli.TARGET, "gilguard: process " + target.pid + " refuses agents at run time (started"
                        + " with -XX:-EnableDynamicAgentLoading); restart it with -javaagent:" + jar + "=" + options);
            }
            throw new CliError(Cli.TARGET, "gilguard: process " + target.pid + " did not load the agent: " + why);
        } catch (AgentInitializationException e) {
            throw new CliError(Cli.TARGET, "gilguard: the agent failed to start in process " + target.pid
                    + " (its stderr says why): " + e.getMessage());
        }
    }

    /** Prints the agent's account; the exit status follows it. */
    private static int outcome(Target target, PrintStream out) {
        String outcome = target.systemProperties().getProperty(Presence.OUTCOME);
        if (outcome == null) {
            throw new CliError(Cli.TARGET, "gilguard: the agent gave no account in process " + target.pid
                    + "; its stderr may say why");
        }
        String[] lines = outcome.split("\n");
        if (lines[0].equals(Presence.FAILED)) {
            throw new CliError(Cli.TARGET, lines.length > 1 ? lines[1] : "gilguard: attach failed");
        }
        for (int i = 1; i < lines.length; i++) {
            out.println(lines[i]);
        }
        out.println("gilguard: violations go to the stderr of process " + target.pid + "; live state: " + Cli.JAR
                + " report " + target.pid + "; to leave: " + Cli.JAR + " detach " + target.pid);
        return lines[0].equals(Presence.ACTIVE) ? Cli.OK : Cli.NOT_ACTIVE;
    }

    static String already(long pid, String present) {
        Map<String, String> agent = Presence.parse(present);
        String how = Presence.JAVAAGENT.equals(agent.get("mode")) ? "started with -javaagent" : "attached";
        String report = "on".equals(agent.get("control")) ? "see what it found: " + Cli.JAR + " report " + pid
                : "its live report needs -Dgilguard.jmx=true at start-up";
        return "gilguard: process " + pid + " already runs gilguard " + agent.getOrDefault("version", "?") + " (" + how
                + ", rules " + agent.getOrDefault("rules", "?") + "); " + report;
    }

    /** This command's own jar: the same jar is the agent. */
    static Path agentJar() {
        try {
            return Path.of(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (Exception e) {
            throw new CliError(Cli.TARGET, "gilguard: cannot find gilguard.jar: " + e);
        }
    }
}
