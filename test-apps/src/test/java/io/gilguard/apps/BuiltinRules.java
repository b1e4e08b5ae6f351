package io.gilguard.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The built-in rule sets as the tests pass them to the agent, alone or with a user's rules file. */
final class BuiltinRules {
    /** Where the agent's built-in sets are in the sources (the agent jar carries them as resources). */
    static final Path DIR = Harness.MODULE.resolve("../agent/src/main/resources/io/gilguard/rules/builtin").normalize();

    static final String BUILTIN = "builtin:";

    private BuiltinRules() {
    }

    /** The set alone: {@code rules=builtin:NAME}. */
    static String set(String name) {
        return "rules=builtin:" + name;
    }

    /** The set and a user's file of src/test/resources/builtin, one lock namespace: {@code rules=builtin:NAME+FILE}. */
    static String setWith(String name, String userFile) {
        return set(name) + "+" + Harness.MODULE.resolve("src/test/resources/builtin").resolve(userFile + ".rules");
    }

    /** Where a rule of the set is, as the agent names it: {@code builtin:NAME:LINE}. */
    static String where(String name, int line) {
        return "builtin:" + name + ":" + line;
    }

    /** The line number of the set's rule that starts with {@code start}; fails unless exactly one. */
    static int line(String name, String start) throws IOException {
        List<String> lines = Files.readAllLines(DIR.resolve(name + ".rules"));
        List<Integer> found = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                found.add(i + 1);
            }
        }
        if (found.size() != 1) {
            throw new AssertionError("rule starting '" + start + "' " + found.size() + " times in " + name);
        }
        return found.get(0);
    }

    /** The agent's exit lines about sets, rules and locks that had nothing to act on. */
    static List<String> unused(Harness.Run run) {
        return run.stderrLines().stream()
                .filter(l -> l.startsWith("gilguard: lock '") || l.startsWith("gilguard: rule ")
                        || l.startsWith("gilguard: " + BUILTIN))
                .collect(Collectors.toList());
    }
}
