package io.gilguard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code jfc}: prints the JFR settings file that enables gilguard's events with their thresholds,
 * as carried in the jar: {@code -XX:StartFlightRecording} takes a settings file by path, not from
 * inside a jar.
 */
final class JfcCommand {
    static final String RESOURCE = "/io/gilguard/jfr/gilguard.jfc";

    private JfcCommand() {}

    static int run(List<String> args, PrintStream out) {
        if (!args.isEmpty()) {
            throw new CliError(Cli.USAGE, "gilguard: jfc takes no argument (" + Cli.JAR + " jfc > gilguard.jfc)");
        }
        try (InputStream in = JfcCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new CliError(Cli.USAGE, "gilguard: " + RESOURCE + " is missing from this jar");
            }
            out.write(in.readAllBytes());
        } catch (IOException e) {
            throw new CliError(Cli.USAGE, "gilguard: cannot read " + RESOURCE + ": " + e);
        }
        return Cli.OK;
    }
}
