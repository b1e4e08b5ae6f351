package io.gilguard.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a rules file. Every error names the file, line and column of the word at fault:
 * {@code rules.txt:3:24: unknown lock 'gli'}.
 */
public final class RulesParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern JAVA_NAME = Pattern.compile("[A-Za-z_$*][A-Za-z0-9_$.*]*");

    private final String file;
    private final List<LockRule> locks = new ArrayList<>();
    private final Map<String, Integer> lockNumbers = new HashMap<>();
    private final List<BoundaryRule> boundaries = new ArrayList<>();
    private int lineNumber;

    private RulesParser(String file) {
        this.file = file;
    }

    public static RuleSet parse(Path path) throws RulesException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RulesException(path + ": no such rules file");
        } catch (IOException e) {
            throw new RulesException(path + ": cannot read rules file: " + e.getMessage());
        }
        return parse(path.toString(), text);
    }

    public static RuleSet parse(String file, String text) throws RulesException {
        RulesParser parser = new RulesParser(file);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            parser.lineNumber = i + 1;
            parser.line(Token.split(lines[i]));
        }
        return new RuleSet(file, parser.locks, parser.boundaries);
    }

    private void line(List<Token> t) throws RulesException {
        if (t.isEmpty()) {
            return;
        }
        Token first = t.get(0);
        switch (first.text) {
            case "lock":
                lock(t);
                break;
            case "downcall":
                boundary(Direction.DOWNCALL, t);
                break;
            case "upcall":
                boundary(Direction.UPCALL, t);
                break;
            case "state":
            case "token":
                throw error(first, "'" + first.text + "' rules (thread-bound state) are not supported by this version");
            default:
                throw error(first, "unknown rule '" + first.text + "' (expected lock, downcall or upcall)");
        }
    }

    // lock NAME = static CLASS.FIELD
    // lock NAME = pair CLASS#METHOD(PARAMS) / CLASS#METHOD(PARAMS)
    private void lock(List<Token> t) throws RulesException {
        Token name = word(t, 1, "a lock name");
        if (!NAME.matcher(name.text).matches()) {
            throw error(name, "bad lock name '" + name.text + "' (letters, digits, '_', '-', '.')");
        }
        if (lockNumbers.containsKey(name.text)) {
            throw error(name, "lock '" + name.text + "' is already defined");
        }
        Token eq = word(t, 2, "'='");
        if (!eq.text.equals("=")) {
            throw error(eq, "expected '=' after the lock name, found '" + eq.text + "'");
        }
        Token shape = word(t, 3, "'static' or 'pair'");
        LockRule rule;
        if (shape.text.equals("static")) {
            Token target = word(t, 4, "CLASS.FIELD");
            int dot = target.text.lastIndexOf('.');
            if (dot <= 0 || dot == target.text.length() - 1 || target.text.contains("*")
                    || !JAVA_NAME.matcher(target.text).matches()) {
                throw error(target, "expected CLASS.FIELD, found '" + target.text + "'");
            }
            end(t, 5);
            rule = LockRule.staticField(name.text, target.text.substring(0, dot), target.text.substring(dot + 1));
        } else if (shape.text.equals("pair")) {
            Token acquire = word(t, 4, "the acquire method CLASS#METHOD");
            Token slash = word(t, 5, "'/' and the release method");
            if (!slash.text.equals("/")) {
                throw error(slash, "expected '/' between the acquire and the release method, found '" + slash.text + "'");
            }
            Token release = word(t, 6, "the release method CLASS#METHOD");
            end(t, 7);
            rule = LockRule.pair(name.text, method(acquire, false), method(release, false));
        } else {
            throw error(shape, "unknown lock kind '" + shape.text + "' (expected static or pair)");
        }
        lockNumbers.put(name.text, locks.size());
        locks.add(rule);
    }

    // downcall|upcall CLASS#METHOD POLICY LOCK, or CLASS#METHOD audit (watch the boundary alone)
    private void boundary(Direction direction, List<Token> t) throws RulesException {
        MethodPattern pattern = method(word(t, 1, "CLASS#METHOD"), true);
        Token policyWord = word(t, 2, "a policy");
        Policy policy;
        try {
            policy = Policy.valueOf(policyWord.text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(policyWord, "unknown policy '" + policyWord.text
                    + "' (expected require, forbid, acquire, release or audit)");
        }
        if (!policyWord.text.equals(policy.word())) {
            throw error(policyWord, "unknown policy '" + policyWord.text + "' (did you mean '" + policy.word() + "'?)");
        }
        if (policy == Policy.AUDIT && t.size() == 3) {
            // No lock: the boundary is still watched for JNI monitors (and locks) kept past it.
            boundaries.add(new BoundaryRule(direction, pattern, policy, BoundaryRule.NO_LOCK, file + ":" + lineNumber));
            return;
        }
        Token lockWord = word(t, 3, "a lock name");
        Integer lock = lockNumbers.get(lockWord.text);
        if (lock == null) {
            throw error(lockWord, "unknown lock '" + lockWord.text + "'"
                    + (locks.isEmpty() ? " (define it first: lock NAME = ...)" : " (defined: " + String.join(", ", lockNumbers.keySet()) + ")"));
        }
        if ((policy == Policy.ACQUIRE || policy == Policy.RELEASE) && locks.get(lock).shape() == LockRule.Shape.PAIR) {
            throw error(policyWord, "policy '" + policy.word() + "' needs a static Lock; '" + lockWord.text + "' is a method pair");
        }
        end(t, 4);
        boundaries.add(new BoundaryRule(direction, pattern, policy, lock, file + ":" + lineNumber));
    }

    private MethodPattern method(Token token, boolean wildcards) throws RulesException {
        String text = token.text;
        int hash = text.indexOf('#');
        if (hash <= 0 || hash == text.length() - 1) {
            throw error(token, "expected CLASS#METHOD, found '" + text + "'");
        }
        String type = text.substring(0, hash);
        String rest = text.substring(hash + 1);
        List<String> params = null;
        int open = rest.indexOf('(');
        if (open >= 0) {
            if (!rest.endsWith(")")) {
                throw error(token, hash + 1 + open, "unclosed parameter list in '" + text + "'");
            }
            String inside = rest.substring(open + 1, rest.length() - 1).trim();
            rest = rest.substring(0, open);
            if (!inside.equals("*")) {
                params = new ArrayList<>();
                if (!inside.isEmpty()) {
                    for (String p : inside.split(",")) {
                        params.add(p.trim());
                    }
                }
            }
        }
        if (!JAVA_NAME.matcher(type).matches()) {
            throw error(token, "bad class name '" + type + "'");
        }
        if (rest.isEmpty() || !JAVA_NAME.matcher(rest).matches() || rest.contains(".")) {
            throw error(token, hash + 1, "bad method name '" + rest + "'");
        }
        if (!wildcards && (type.contains("*") || rest.contains("*"))) {
            throw error(token, "a method pair names one method each: no '*' in '" + text + "'");
        }
        return new MethodPattern(new Glob(type), new Glob(rest), params);
    }

    private Token word(List<Token> t, int index, String expected) throws RulesException {
        if (index < t.size()) {
            return t.get(index);
        }
        Token last = t.get(t.size() - 1);
        throw new RulesException(file, lineNumber, last.column + last.text.length(), "expected " + expected);
    }

    private void end(List<Token> t, int size) throws RulesException {
        if (t.size() > size) {
            throw error(t.get(size), "unexpected '" + t.get(size).text + "' at end of rule");
        }
    }

    private RulesException error(Token token, String message) {
        return error(token, 0, message);
    }

    private RulesException error(Token token, int offset, String message) {
        return new RulesException(file, lineNumber, token.column + offset, message);
    }

}
