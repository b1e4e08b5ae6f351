package io.gilguard.rules;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
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

    /**
     * The file as {@code Files.readString} reads it (strict UTF-8), through {@code java.io}:
     * {@code Files}' channels are some 30 classes more to load at start-up.
     */
    private static RulesText read(Path path) throws RulesException {
        File file = path.toFile();
        try (InputStream in = new FileInputStream(file)) {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(in.readAllBytes()));
            return new RulesText(path.toString(), text.toString());
        } catch (FileNotFoundException e) {
            throw new RulesException(path + (file.exists() ? ": cannot read rules file: " + e.getMessage() : ": no such rules file"));
        } catch (IOException e) {
            throw new RulesException(path + ": cannot read rules file: " + e.getMessage());
        }
    }
}
