package io.gilguard.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rules=} option: one source or several joined by {@code +}, each a file or a built-in
 * set ({@code builtin:jna+app.rules}), read in order as one rules file.
 */
public final class RuleSources {
    private RuleSources() {}

    /** What learn mode adds after the user's rules (if any): every downcall a boundary, counted, checked for what it keeps. */
    public static final String LEARNING_SOURCE = "learn mode";
    static final RulesText LEARNING = new RulesText(LEARNING_SOURCE,
            "downcall *#* audit\n" + "downcall native:* audit\n");

    public static RuleSet parse(String spec) throws RulesException {
        return parse(spec, false);
    }

    /** {@code spec} may be null when {@code learning}: the learn mode's rules alone. */
    public static RuleSet parse(String spec, boolean learning) throws RulesException {
        List<RulesText> texts = new ArrayList<>();
        if (spec != null) {
            for (String part : parts(spec)) {
                texts.add(part.startsWith(BuiltinSets.PREFIX) ? BuiltinSets.text(part.substring(BuiltinSets.PREFIX.length()))
                        : read(Path.of(part)));
            }
        }
        if (learning) {
            texts.add(LEARNING);
        }
        return RulesParser.parse(spec == null ? LEARNING.name() : spec, texts);
    }

    /** The sources of {@code spec}; throws for an empty one ({@code a++b}, a trailing {@code +}). */
    public static List<String> parts(String spec) throws RulesException {
        List<String> parts = new ArrayList<>();
        for (String part : spec.split("\\+", -1)) {
            if (part.isBlank()) {
                throw new RulesException("gilguard: rules=" + spec + " has an empty source (sources are joined by '+')");
            }
            parts.add(part.trim());
        }
        return parts;
    }

    private static RulesText read(Path path) throws RulesException {
        try {
            return new RulesText(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new RulesException(path + ": no such rules file");
        } catch (IOException e) {
            throw new RulesException(path + ": cannot read rules file: " + e.getMessage());
        }
    }
}
