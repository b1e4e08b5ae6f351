package io.gilguard.plan;

import io.gilguard.rules.BuiltinSets;
import io.gilguard.rules.RuleSet;
import io.gilguard.rules.RulesException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines said at exit for the rules that had nothing to act on, where a built-in set's are
 * said as the set's: a set none of whose rules met anything is one line (its library was not
 * used); a set some of whose rules met nothing was written for another version of the library
 * than the one in use, and the line says which it was written for, before its rules' lines.
 */
public final class SetCoverage {
    private SetCoverage() {}

    public static List<String> lines(RuleSet rules, List<String> unused) {
        Map<String, List<String>> bySet = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (String line : unused) {
            String set = setOf(rules, line);
            if (set == null) {
                lines.add(line);
            } else {
                bySet.computeIfAbsent(set, s -> new ArrayList<>()).add(line);
            }
        }
        bySet.forEach((set, mine) -> {
            int all = ruleCount(rules, set);
            String writtenFor = writtenFor(set);
            if (mine.size() >= all) {
                lines.add(set + ": none of its " + all + " rules met anything: " + (writtenFor == null ? "its library"
                        : writtenFor.substring(0, writtenFor.indexOf(' ') < 0 ? writtenFor.length() : writtenFor.indexOf(' ')))
                        + " was not used in this run");
            } else {
                lines.add(set + " was written for " + writtenFor + "; " + mine.size() + " of its " + all
                        + " rules matched nothing, so the version in use may differ:");
                lines.addAll(mine);
            }
        });
        return lines;
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
        n += (int) rules.boundaries().stream().filter(r -> r.where().startsWith(at)).count();
        n += (int) rules.states().stream().filter(r -> r.where().startsWith(at)).count();
        n += 2 * (int) rules.tokens().stream().filter(r -> r.where().startsWith(at)).count();
        return n;
    }

    private static String writtenFor(String set) {
        try {
            return BuiltinSets.writtenFor(BuiltinSets.text(set.substring(BuiltinSets.PREFIX.length())).text());
        } catch (RulesException e) {
            return null;
        }
    }
}
