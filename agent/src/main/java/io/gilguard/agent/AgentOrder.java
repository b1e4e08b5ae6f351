package io.gilguard.agent;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether JaCoCo's agent comes after gilguard's on the command line. The JVM hands a loading
 * class to the agents' transformers in the order the agents were given; JaCoCo identifies a class
 * by a checksum of the bytes it receives, so when gilguard rewrote them first, the coverage
 * report finds its class files "do not match" and shows them uncovered. gilguard cannot move
 * itself behind an agent that starts later; it can say so, once, at start-up.
 */
final class AgentOrder {
    private AgentOrder() {}

    /** The line to say, or null: gilguard's {@code -javaagent} is before JaCoCo's in {@code arguments}. */
    static String jacocoAfterUs(List<String> arguments) {
        int ours = -1;
        for (int i = 0; i < arguments.size(); i++) {
            String a = arguments.get(i);
            if (!a.startsWith("-javaagent:")) {
                continue;
            }
            String jar = jar(a);
            if (ours < 0 && jar.contains("gilguard")) {
                ours = i;
            } else if (ours >= 0 && jar.contains("jacoco")) {
                return "gilguard: JaCoCo's -javaagent comes after gilguard's: the coverage of the classes gilguard"
                        + " rewrites will not match their class files; list JaCoCo's -javaagent first"
                        + " (gilguard's Maven plugin does)";
            }
        }
        return null;
    }

    /** The jar's file name of {@code -javaagent:PATH[=OPTIONS]}, lower case. */
    private static String jar(String argument) {
        String path = argument.substring("-javaagent:".length());
        int eq = path.indexOf('=');
        if (eq >= 0) {
            path = path.substring(0, eq);
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * This JVM's arguments as the OS gives them; empty where it does not. On Linux read from
     * {@code /proc/self/cmdline}: {@code ProcessHandle}'s first use starts its machinery, some
     * 6 ms of every start-up.
     */
    static List<String> arguments() {
        try (InputStream in = new FileInputStream("/proc/self/cmdline")) {
            List<String> args = new ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\0")));
            if (!args.isEmpty()) {
                args.remove(0); // the command, as ProcessHandle.Info.arguments() leaves it out
            }
            return args;
        } catch (IOException | RuntimeException noProc) {
            return ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
        }
    }
}
