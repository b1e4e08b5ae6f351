package io.gilguard.agent;

import io.gilguard.rules.RuleSet;
import io.gilguard.rules.RulesException;
import io.gilguard.rules.BuiltinSets;
import io.gilguard.rules.RuleSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent options of an attach, checked by the CLI before it touches the target: a mistake in
 * an option or in the rules file is the same one line as at start-up, and the target JVM never
 * hears of it. Paths are made absolute against the CLI's working directory, since the target's
 * is another one.
 */
public final class TargetOptions {
    /** The options as the target gets them: the user's, with absolute paths. */
    public final String text;
    public final RuleSet rules;

    private TargetOptions(String text, RuleSet rules) {
        this.text = text;
        this.rules = rules;
    }

    /** {@code text} as after {@code gilguard.jar=}; throws with the user's one-line message. */
    public static TargetOptions check(String text, Path cwd) throws RulesException {
        Options options = Options.parse(text);
        // the rules path as the user wrote it, so that an error names the file as they know it
        RuleSet rules = RuleSources.parse(options.rules, options.learn != null);
        options.suppressions(); // its mistakes too, before the target hears of it
        List<String> pairs = new ArrayList<>();
        for (java.util.Map.Entry<String, String> pair : Options.pairs(text).entrySet()) {
            String key = pair.getKey();
            String value = pair.getValue();
            if (key.equals("rules")) {
                value = absoluteRules(value, cwd);
            } else if (Options.PATHS.contains(key) && !value.isEmpty()) {
                value = absolute(value, cwd);
            }
            pairs.add(key + "=" + value);
        }
        return new TargetOptions(String.join(",", pairs), rules);
    }

    /** Each file of a {@code rules=} spec made absolute; a built-in set stays as it is. */
    private static String absoluteRules(String spec, Path cwd) throws RulesException {
        List<String> each = new ArrayList<>();
        for (String part : RuleSources.parts(spec)) {
            each.add(part.startsWith(BuiltinSets.PREFIX) ? part : cwd.resolve(part).toAbsolutePath().normalize().toString());
        }
        return String.join("+", each);
    }

    /** Each path of a list ({@code sourceRoots}) made absolute; {@code %p} is left for the target to fill. */
    private static String absolute(String value, Path cwd) {
        List<String> each = new ArrayList<>();
        for (String one : value.split(java.io.File.pathSeparator)) {
            each.add(one.isBlank() ? one : cwd.resolve(one.trim()).toAbsolutePath().normalize().toString());
        }
        return String.join(java.io.File.pathSeparator, each);
    }
}
