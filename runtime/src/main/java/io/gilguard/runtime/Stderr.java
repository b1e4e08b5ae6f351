package io.gilguard.runtime;

import java.io.PrintStream;

/**
 * How gilguard writes a line to the stderr of the JVM it runs in: the text and its {@code \n}
 * in one write, then a flush. {@code println} would end the line with {@code line.separator},
 * which a command line may set to anything (even nothing), and would leave it in the buffer of
 * a stream the application set without auto-flush; a line of gilguard's must arrive whole,
 * ended, and before anything else the JVM says.
 */
public final class Stderr {
    private Stderr() {}

    public static void line(String text) {
        line(System.err, text);
    }

    public static void line(PrintStream out, String text) {
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
    }
}
