package io.gilguard.plan;

import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.BuiltinSets;
import io.gilguard.rules.RuleSet;
import io.gilguard.rules.RulesException;
import io.gilguard.rules.StateRule;
import io.gilguard.rules.TokenRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines said at exit for the rules that had nothing to act on, where a built-in set's are
 * said as the set's, in one line each: a set none of whose rules met anything (its library was
 * not used); a set that names a class or method the library on the class path lacks (written for
 * another version: which one, and what is gone); a set some of whose rules only met nothing in
 * this run (parts of the library the run did not use, say which rules).
 */
public final class SetCoverage {
    private SetCoverage() {}

    public static List<String> lines(RuleSet rules, List<String> unused, ClassLoader loader) {
        Map<String, List<String>> bySet = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (String line : unused) {
            String set = setOf(rules, line);
            if (set == null) {
                lines.add(line);
            } else {
                // loops, not lambdas (NoLambdaTest)
                List<String> mine = bySet.get(set);
                if (mine == null) {
                    mine = new ArrayList<>();
                    bySet.put(set, mine);
                }
                mine.add(line);
            }
        }
        LibraryVersion library = new LibraryVersion(loader);
        for (Map.Entry<String, List<String>> set : bySet.entrySet()) {
            lines.add(line(rules, set.getKey(), set.getValue(), library));
        }
        return lines;
    }

    private static String line(RuleSet rules, String set, List<String> mine, LibraryVersion library) {
        int all = ruleCount(rules, set);
        String writtenFor = writtenFor(set);
        String artifact = writtenFor == null ? "its library" : writtenFor.split(" ")[0];
        if (mine.size() >= all) {
            return set + ": none of its " + all + " rules met anything: " + artifact + " was not used in this run";
        }
        List<String> gone = new ArrayList<>();
        List<String> idle = new ArrayList<>();
        boolean onClassPath = false;
        String at = set + ":";
        for (BoundaryRule rule : rules.boundaries()) {
            if (!rule.where().startsWith(at)) {
                continue;
            }
            onClassPath |= rule.pattern() != null && library.has(rule.pattern().type().toString());
            if (anyStartsWith(mine, "rule " + rule.where() + " ")) {
                String lacks = library.lacks(rule);
                (lacks != null ? gone : idle).add(lacks != null ? lacks + " (" + rule.where() + ")" : rule.where());
            }
        }
        for (int id = 0; id < rules.locks().size(); id++) {
            String name = rules.locks().get(id).name();
            if (rules.lockSource(id).equals(set) && anyStartsWith(mine, "lock '" + name + "':")) {
                String lacks = library.lacks(rules.locks().get(id));
                (lacks != null ? gone : idle).add(lacks != null ? lacks + " (lock " + name + ")" : "lock " + name);
            }
        }
        if (onClassPath && !gone.isEmpty()) {
            return set + " was written for " + writtenFor + "; the version in use lacks what " + gone.size() + " of its "
                    + all + " rules name: " + String.join(", ", gone);
        }
        idle.addAll(gone);
        return set + ": " + idle.size() + " of its " + all + " rules met nothing in this run (parts of " + artifact
                + " it did not use): " + String.join(", ", idle);
    }

    /** The built-in set ({@code builtin:NAME}) a line of {@link Coverage#unused} is about; null if none. */
    private static String setOf(RuleSet rules, String line) {
        if (line.startsWith("rule " + BuiltinSets.PREFIX)) {
            int colon = line.indexOf(':', ("rule " + BuiltinSets.PREFIX).length());
            return colon < 0 ? null : line.substring("rule ".length(), colon);
        }
        for (int id = 0; id < rules.locks().size(); id++) {
            if (line.startsWith("lock '" + rules.locks().get(id).name() + "':")
                    && rules.lockSource(id).startsWith(BuiltinSets.PREFIX)) {
                return rules.lockSource(id);
            }
        }
        return null;
    }

    /** The set's rules that {@link Coverage#unused} can name: locks, boundaries, states, and a token's two methods. */
    private static int ruleCount(RuleSet rules, String set) {
        String at = set + ":";
        int n = 0;
        for (int id = 0; id < rules.locks().size(); id++) {
            n += rules.lockSource(id).equals(set) ? 1 : 0;
        }
        for (BoundaryRule r : rules.boundaries()) {
            n += r.where().startsWith(at) ? 1 : 0;
        }
        for (StateRule r : rules.states()) {
            n += r.where().startsWith(at) ? 1 : 0;
        }
        for (TokenRule r : rules.tokens()) {
            n += r.where().startsWith(at) ? 2 : 0;
        }
        return n;
    }

    private static boolean anyStartsWith(List<String> lines, String prefix) {
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String writtenFor(String set) {
        try {
            return BuiltinSets.writtenFor(BuiltinSets.text(set.substring(BuiltinSets.PREFIX.length())).text());
        } catch (RulesException e) {
            return null;
        }
    }
}
