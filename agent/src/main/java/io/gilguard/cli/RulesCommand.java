package io.gilguard.cli;

import io.gilguard.rules.BuiltinSets;
import io.gilguard.rules.RulesException;
import java.io.PrintStream;
import java.util.List;

/** {@code rules}: the built-in rule sets, each with the library version it was written for; {@code rules NAME}: one set's text. */
final class RulesCommand {
    private RulesCommand() {}

    static int run(List<String> args, PrintStream out) {
        if (args.size() > 1) {
            throw new CliError(Cli.USAGE, "gilguard: rules takes one name at most (" + Cli.JAR + " rules [NAME])");
        }
        if (args.isEmpty()) {
            for (String name : BuiltinSets.names()) {
                out.println(BuiltinSets.PREFIX + name + "  written for " + writtenFor(name));
            }
            out.println("use: -javaagent:gilguard.jar=rules=builtin:NAME[+builtin:OTHER][+your.rules]; "
                    + Cli.JAR + " rules NAME prints one");
            return Cli.OK;
        }
        String name = args.get(0).startsWith(BuiltinSets.PREFIX) ? args.get(0).substring(BuiltinSets.PREFIX.length()) : args.get(0);
        try {
            out.print(BuiltinSets.text(name).text());
        } catch (RulesException e) {
            throw new CliError(Cli.USAGE, e.getMessage());
        }
        return Cli.OK;
    }

    private static String writtenFor(String name) {
        try {
            String v = BuiltinSets.writtenFor(BuiltinSets.text(name).text());
            return v == null ? "(no version said)" : v;
        } catch (RulesException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
