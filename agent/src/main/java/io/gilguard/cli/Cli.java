package io.gilguard.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar gilguard.jar COMMAND ...}: gilguard against a JVM that is already running.
 * Each mistake or refusal is one line on stderr and a non-zero exit status; the target JVM is
 * left untouched by every check that fails before the agent is loaded.
 */
public final class Cli {
    static final int OK = 0;
    /** The target cannot be used: no such process, not a JVM, another user's, agent (not) there. */
    static final int TARGET = 1;
    /** A mistake in the command line, its options or the rules file (as the agent's exit status 2). */
    static final int USAGE = 2;
    /** Attached, but the self-check found a rule that is not active. */
    static final int NOT_ACTIVE = 3;

    static final String JAR = "java -jar gilguard.jar";

    private Cli() {}

    public static void main(String[] args) {
        int status;
        try {
            status = run(Arrays.asList(args), System.out);
        } catch (CliError e) {
            System.err.println(e.getMessage());
            status = e.status;
        } catch (NoClassDefFoundError e) {
            System.err.println("gilguard: this java has no attach API (module jdk.attach, " + e.getMessage()
                    + "); run gilguard with the java of a JDK");
            status = TARGET;
        }
        System.out.flush();
        System.exit(status);
    }

    static int run(List<String> args, PrintStream out) {
        if (args.isEmpty()) {
            usage(out);
            return OK;
        }
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "attach":
                return AttachCommand.run(rest, out);
            case "report":
                return ReportCommand.run(rest, out);
            case "detach":
                return DetachCommand.run(rest, out);
            case "list":
                return ListCommand.run(rest, out);
            case "rules":
                return RulesCommand.run(rest, out);
            case "jfc":
                return JfcCommand.run(rest, out);
            case "help":
            case "-h":
            case "--help":
                usage(out);
                return OK;
            default:
                throw new CliError(USAGE, "gilguard: unknown command '" + args.get(0)
                        + "' (expected attach, report, detach, list, rules or jfc; " + JAR + " help)");
        }
    }

    static void usage(PrintStream out) {
        String version = Cli.class.getPackage().getImplementationVersion();
        out.println("gilguard " + (version == null ? "dev" : version)
                + ": checks the locks that guard native state where Java and native code meet");
        out.println();
        out.println("At start-up:  java -javaagent:gilguard.jar=rules=FILE[,report=FILE.json][,failOn=violation] ...");
        out.println();
        out.println("In a running JVM of the same user:");
        out.println("  " + JAR + " attach PID rules=FILE[,key=value...]   load gilguard (options as for -javaagent)");
        out.println("  " + JAR + " report PID [--json]                   violations so far, and the locks each thread holds");
        out.println("  " + JAR + " detach PID                            remove gilguard, restoring the original bytecode");
        out.println("  " + JAR + " list                                  the JVMs gilguard can attach to");
        out.println();
        out.println("  " + JAR + " rules [NAME]                          the built-in rule sets (rules=builtin:NAME), or one");
        out.println("  " + JAR + " jfc                                   JFR settings for gilguard's events (settings=FILE)");
        out.println();
        out.println("Exit status: 0 done, 1 the target cannot be used, 2 a mistake in the command or the rules,");
        out.println("3 attached but a rule is not active (the lines say which).");
    }

    /** The one argument after the command, else a usage error naming {@code form}. */
    static String onlyArgument(List<String> args, String form) {
        if (args.size() != 1) {
            throw new CliError(USAGE, "gilguard: expected " + JAR + " " + form);
        }
        return args.get(0);
    }
}
