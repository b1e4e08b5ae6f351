package io.gilguard.runtime;

import java.io.PrintStream;

/**
 * How gilguard writes a line: the text and its {@code \n} in one write, then a flush, to the
 * stderr it found at start-up (or {@code log=FILE}). {@code println} would end the line with
 * {@code line.separator}, which a command line may set to anything (even nothing), and would leave
 * it in the buffer of a stream the application set without auto-flush; a line of gilguard's must
 * arrive whole, ended, and before anything else the JVM says. Not {@code System.err} of the
 * moment: a test runner swaps it for its own capture and closes that before the JVM ends, so the
 * summary and the {@code failOn} line said at exit would be lost (Surefire's fork).
 */
public final class Stderr {
    private static volatile PrintStream out;

    private Stderr() {}

    /** Where every later line goes; set once, at start-up or attach. */
    public static void to(PrintStream stream) {
        out = stream;
    }

    /** The stream lines go to: the one set, else {@code System.err}. */
    public static PrintStream stream() {
        PrintStream s = out;
        return s != null ? s : System.err;
    }

    public static void line(String text) {
        line(stream(), text);
    }

    public static void line(PrintStream out, String text) {
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
    }
}
