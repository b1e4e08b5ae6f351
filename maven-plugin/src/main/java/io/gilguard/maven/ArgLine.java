package io.gilguard.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of Surefire's {@code argLine} with gilguard's {@code -javaagent} in it.
 *
 * <p>gilguard's agent goes last. JaCoCo's {@code prepare-agent} puts its own agent first, so
 * whichever of the two goals runs first, JaCoCo's transformer sees the class files as they are
 * on disk and gilguard rewrites what JaCoCo made: the other order would make JaCoCo's report
 * say "does not match" and count nothing for every class gilguard rewrote.
 *
 * <p>Surefire splits {@code argLine} into arguments at blanks outside quotes ({@code "..."} or
 * {@code '...'}), with no backslash escapes; an argument with a blank or a single quote in it is
 * written inside double quotes.
 */
final class ArgLine {
    private static final String JAVAAGENT = "-javaagent:";

    private ArgLine() {}

    /**
     * {@code existing} with {@code agent} (one argument, already quoted) after everything in it.
     * An earlier gilguard agent in it (this goal run twice, or one written by hand) is taken out,
     * so there is one and it comes after JaCoCo's; otherwise {@code existing} is kept as written.
     */
    static String compose(String existing, String agent) {
        if (existing == null || existing.isBlank()) {
            return agent;
        }
        List<String> args = split(existing);
        List<String> kept = new ArrayList<>();
        for (String arg : args) {
            if (!isGilguardAgent(arg)) {
                kept.add(arg);
            }
        }
        String before = kept.size() == args.size() ? existing.strip() : String.join(" ", kept);
        return before.isEmpty() ? agent : before + " " + agent;
    }

    /** {@code arg} as one argument of Surefire's {@code argLine}. */
    static String quote(String arg) {
        if (arg.indexOf('"') >= 0) {
            throw new IllegalArgumentException("a double quote cannot be passed in Surefire's argLine: " + arg);
        }
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (Character.isWhitespace(c) || c == '\'') {
                return '"' + arg + '"';
            }
        }
        return arg;
    }

    /** The arguments of a command line, each as written (its quotes kept). */
    static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder arg = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (arg != null) {
                    args.add(arg.toString());
                    arg = null;
                }
                continue;
            }
            if (arg == null) {
                arg = new StringBuilder();
            }
            arg.append(c);
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
        }
        if (arg != null) {
            args.add(arg.toString());
        }
        return args;
    }

    /** Whether {@code arg} is a {@code -javaagent:} whose jar's file name says gilguard. */
    static boolean isGilguardAgent(String arg) {
        return agentJarName(arg).contains("gilguard");
    }

    /** Whether {@code arg} is JaCoCo's {@code -javaagent:} (its jar is org.jacoco.agent-V-runtime.jar). */
    static boolean isJacocoAgent(String arg) {
        return agentJarName(arg).contains("jacoco");
    }

    /** The file name of the jar of a {@code -javaagent:JAR[=OPTIONS]} argument, lower case; "" for another argument. */
    private static String agentJarName(String arg) {
        String a = unquoted(arg);
        if (!a.startsWith(JAVAAGENT)) {
            return "";
        }
        String jar = a.substring(JAVAAGENT.length());
        int eq = jar.indexOf('=');
        if (eq >= 0) {
            jar = jar.substring(0, eq);
        }
        int slash = Math.max(jar.lastIndexOf('/'), jar.lastIndexOf('\\'));
        return jar.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
    }

    /** The argument without its quotes, as the JVM gets it. */
    private static String unquoted(String arg) {
        StringBuilder b = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
