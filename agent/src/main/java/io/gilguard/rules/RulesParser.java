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

/**
 * Reads a rules file. Every error names the file, line and column of the word at fault:
 * {@code rules.txt:3:24: unknown lock 'gli'}.
 */
public final class RulesParser {
    private static final String NATIVE = "native:";

    /** The source being read: a file's path, or {@code builtin:NAME}. */
    private String file;
    private final List<LockRule> locks = new ArrayList<>();
    /** Which source named each lock, by lock number. */
    private final List<String> lockSources = new ArrayList<>();
    private final Map<String, Integer> lockNumbers = new HashMap<>();
    private final List<BoundaryRule> boundaries = new ArrayList<>();
    private final List<StateRule> states = new ArrayList<>();
    private final List<TokenRule> tokens = new ArrayList<>();
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
        return parse(file, List.of(new RulesText(file, text)));
    }

    /**
     * Several sources read as one, in order ({@code builtin:jna+app.rules}): one lock namespace,
     * so a source may use a lock an earlier one named; errors name the source at fault.
     */
    public static RuleSet parse(String name, List<RulesText> sources) throws RulesException {
        RulesParser parser = new RulesParser(name);
        for (RulesText source : sources) {
            parser.file = source.name();
            String text = source.text();
            int number = 0;
            for (int start = 0; start <= text.length(); ) {
                int end = text.indexOf('\n', start);
                int next = end < 0 ? text.length() + 1 : end + 1;
                end = end < 0 ? text.length() : end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
                parser.lineNumber = ++number;
                parser.line(Token.split(text.substring(start, end)));
                start = next;
            }
        }
        return new RuleSet(name, parser.locks, parser.lockSources, parser.boundaries, parser.states, parser.tokens);
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
                state(t);
                break;
            case "token":
                token(Token.splitArrows(t));
                break;
            default:
                throw error(first, "unknown rule '" + first.text + "' (expected lock, downcall, upcall, state or token)");
        }
    }

    // lock NAME = static CLASS.FIELD [enforce|audit]
    // lock NAME = field CLASS.FIELD [enforce|audit]
    // lock NAME = monitor CLASS [enforce|audit]
    // lock NAME = pair CLASS#METHOD(PARAMS) / CLASS#METHOD(PARAMS) [enforce|audit]
    private void lock(List<Token> t) throws RulesException {
        Token name = word(t, 1, "a lock name");
        if (!Names.lockName(name.text)) {
            throw error(name, "bad lock name '" + name.text + "' (letters, digits, '_', '-', '.')");
        }
        if (lockNumbers.containsKey(name.text)) {
            throw error(name, "lock '" + name.text + "' is already defined");
        }
        Token eq = word(t, 2, "'='");
        if (!eq.text.equals("=")) {
            throw error(eq, "expected '=' after the lock name, found '" + eq.text + "'");
        }
        Token shape = word(t, 3, "'static', 'field', 'monitor' or 'pair'");
        LockRule rule;
        if (shape.text.equals("static") || shape.text.equals("field")) {
            Token target = word(t, 4, "CLASS.FIELD");
            int dot = target.text.lastIndexOf('.');
            if (dot <= 0 || dot == target.text.length() - 1 || target.text.contains("*")
                    || !Names.javaName(target.text)) {
                throw error(target, "expected CLASS.FIELD, found '" + target.text + "'");
            }
            String owner = target.text.substring(0, dot);
            String field = target.text.substring(dot + 1);
            rule = (shape.text.equals("static") ? LockRule.staticField(name.text, owner, field)
                    : LockRule.instanceField(name.text, owner, field)).withMode(suffix(t, 5));
        } else if (shape.text.equals("monitor")) {
            Token target = word(t, 4, "CLASS");
            if (target.text.contains("*") || target.text.contains("#") || !Names.javaName(target.text)) {
                throw error(target, "expected a class name, found '" + target.text + "'");
            }
            rule = LockRule.monitor(name.text, target.text).withMode(suffix(t, 5));
        } else if (shape.text.equals("pair")) {
            Token acquire = word(t, 4, "the acquire method CLASS#METHOD");
            Token slash = word(t, 5, "'/' and the release method");
            if (!slash.text.equals("/")) {
                throw error(slash, "expected '/' between the acquire and the release method, found '" + slash.text + "'");
            }
            Token release = word(t, 6, "the release method CLASS#METHOD");
            rule = LockRule.pair(name.text, method(acquire, PAIR_METHOD), method(release, PAIR_METHOD))
                    .withMode(suffix(t, 7));
        } else {
            throw error(shape, "unknown lock kind '" + shape.text + "' (expected static, field, monitor or pair)");
        }
        lockNumbers.put(name.text, locks.size());
        locks.add(rule);
        lockSources.add(file);
    }

    // downcall|upcall CLASS#METHOD POLICY LOCK [enforce|audit], or CLASS#METHOD audit (watch the boundary alone);
    // downcall native:GLOB in place of CLASS#METHOD names a C symbol
    private void boundary(Direction direction, List<Token> t) throws RulesException {
        Token target = word(t, 1, direction == Direction.DOWNCALL ? "CLASS#METHOD or native:SYMBOL" : "CLASS#METHOD");
        Glob symbol = null;
        MethodPattern pattern = null;
        if (target.text.startsWith(NATIVE)) {
            symbol = symbol(direction, target);
        } else {
            pattern = method(target, null);
        }
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
            boundaries.add(rule(direction, pattern, symbol, policy, BoundaryRule.NO_LOCK, null));
            return;
        }
        Token lockWord = word(t, 3, "a lock name");
        Integer lock = lockNumbers.get(lockWord.text);
        if (lock == null) {
            throw error(lockWord, "unknown lock '" + lockWord.text + "'"
                    + (locks.isEmpty() ? " (define it first: lock NAME = ...)" : " (defined: " + String.join(", ", lockNumbers.keySet()) + ")"));
        }
        LockRule.Shape shape = locks.get(lock).shape();
        if ((policy == Policy.ACQUIRE || policy == Policy.RELEASE) && shape != LockRule.Shape.STATIC) {
            throw error(policyWord, "policy '" + policy.word() + "' needs a static Lock; '" + lockWord.text + "' is "
                    + (shape == LockRule.Shape.PAIR ? "a method pair" : "a family of locks (" + shape.name().toLowerCase(Locale.ROOT)
                            + "): which of its objects would gilguard take?"));
        }
        Mode mode = suffix(t, 4);
        if (mode == Mode.ENFORCE && policy != Policy.REQUIRE && policy != Policy.FORBID) {
            throw error(t.get(4), "'enforce' applies to require and forbid rules: policy '" + policy.word()
                    + "' finds nothing to stop before the call");
        }
        boundaries.add(rule(direction, pattern, symbol, policy, lock, mode));
    }

    private BoundaryRule rule(Direction direction, MethodPattern pattern, Glob symbol, Policy policy, int lock, Mode mode) {
        String where = file + ":" + lineNumber;
        return symbol != null ? BoundaryRule.symbol(symbol, policy, lock, where, mode)
                : new BoundaryRule(direction, pattern, policy, lock, where, mode);
    }

    /** {@code native:GLOB}: a C symbol, {@code *} for any run of characters. */
    private Glob symbol(Direction direction, Token token) throws RulesException {
        if (direction == Direction.UPCALL) {
            throw error(token, "an upcall rule names the Java method native code calls (CLASS#METHOD), not a C symbol");
        }
        String name = token.text.substring(NATIVE.length());
        if (!Names.symbol(name)) {
            throw error(token, NATIVE.length(), name.isEmpty() ? "expected a C symbol after 'native:'"
                    : "bad C symbol '" + name + "' (letters, digits, '_', '$', '@', '.' and '*')");
        }
        return new Glob(name);
    }
    // state CLASS owner=creator [METHOD...] [enforce|audit]
    // state CLASS owner=binder(BIND[, UNBIND]) [METHOD...] [enforce|audit]
    private void state(List<Token> t) throws RulesException {
        Token type = word(t, 1, "the state's class");
        if (type.text.contains("#") || !Names.javaName(type.text)) {
            throw error(type, "expected a class name, found '" + type.text + "'");
        }
        for (StateRule other : states) {
            if (other.type().equals(type.text)) {
                throw error(type, "state " + type.text + " is already defined (" + other.where() + ")");
            }
        }
        Token owner = word(t, 2, "owner=creator or owner=binder(BIND[, UNBIND])");
        if (!owner.text.equals("owner")) {
            throw error(owner, "expected owner=creator or owner=binder(BIND[, UNBIND]) after the class, found '" + owner.text + "'");
        }
        Token eq = word(t, 3, "'=' after 'owner'");
        if (!eq.text.equals("=")) {
            throw error(eq, "expected '=' after 'owner', found '" + eq.text + "'");
        }
        Token how = word(t, 4, "creator or binder(BIND[, UNBIND])");
        Glob glob = new Glob(type.text);
        StateRule.Owner kind;
        MethodPattern bind = null;
        MethodPattern unbind = null;
        if (how.text.equals("creator")) {
            kind = StateRule.Owner.CREATOR;
        } else if (how.text.startsWith("binder(") && how.text.endsWith(")")) {
            kind = StateRule.Owner.BINDER;
            List<int[]> parts = Token.topLevelParts(how.text, "binder(".length(), how.text.length() - 1);
            if (parts.size() > 2 || parts.get(0)[0] == parts.get(0)[1]) {
                throw error(how, "expected binder(BIND) or binder(BIND, UNBIND), found '" + how.text + "'");
            }
            bind = member(how, parts.get(0), glob, false);
            if (parts.size() == 2) {
                unbind = member(how, parts.get(1), glob, false);
            }
        } else if (how.text.startsWith("binder")) {
            throw error(how, "expected binder(BIND) or binder(BIND, UNBIND), found '" + how.text + "'");
        } else {
            throw error(how, "unknown owner '" + how.text + "' (expected creator or binder(BIND[, UNBIND]))");
        }
        int last = t.size();
        Mode mode = null;
        if (last > 5 && isModeWord(t.get(last - 1).text)) {
            mode = Mode.valueOf(t.get(last - 1).text.toUpperCase(Locale.ROOT));
            last--;
        }
        List<MethodPattern> methods = new ArrayList<>();
        for (int i = 5; i < last; i++) {
            Token m = t.get(i);
            methods.add(member(m, new int[] {0, m.text.length()}, glob, true));
        }
        states.add(new StateRule(glob, kind, bind, unbind, methods, mode, file + ":" + lineNumber));
    }

    // token SAVE -> RESTORE [enforce|audit]
    private void token(List<Token> t) throws RulesException {
        MethodPattern save = method(word(t, 1, "the save method CLASS#METHOD"), TOKEN_METHOD);
        Token arrow = word(t, 2, "'->' and the restore method");
        if (!arrow.text.equals("->")) {
            throw error(arrow, "expected '->' between the save and the restore method, found '" + arrow.text + "'");
        }
        Token restoreWord = word(t, 3, "the restore method CLASS#METHOD");
        MethodPattern restore = method(restoreWord, TOKEN_METHOD);
        if (restoreWord.text.endsWith("()")) {
            throw error(restoreWord, "the restore method takes the token as its first argument; '"
                    + restoreWord.text + "' has none");
        }
        tokens.add(new TokenRule(save, restore, suffix(t, 4), file + ":" + lineNumber));
    }

    /**
     * A method of the state's class, written without the class: {@code NAME} or
     * {@code NAME(PARAMS)}; {@code span} is where it is inside the token's text.
     */
    private MethodPattern member(Token token, int[] span, Glob type, boolean wildcards) throws RulesException {
        String text = token.text.substring(span[0], span[1]);
        int lead = 0;
        while (lead < text.length() && text.charAt(lead) == ' ') {
            lead++;
        }
        text = text.trim();
        int column = span[0] + lead;
        if (text.contains("#")) {
            throw error(token, column, "name the method without its class (it is the state's own): '" + text + "'");
        }
        String name = text;
        List<String> params = null;
        int open = text.indexOf('(');
        if (open >= 0) {
            if (!text.endsWith(")")) {
                throw error(token, column + open, "unclosed parameter list in '" + text + "'");
            }
            params = params(text.substring(open + 1, text.length() - 1));
            name = text.substring(0, open);
        }
        if (name.isEmpty() || name.contains(".") || !Names.javaName(name)) {
            throw error(token, column, "bad method name '" + name + "'");
        }
        if (!wildcards && name.contains("*")) {
            throw error(token, column, "a bind or unbind method names one method: no '*' in '" + text + "'");
        }
        return new MethodPattern(type, new Glob(name), params);
    }

    private static boolean isModeWord(String word) {
        return word.equals("enforce") || word.equals("audit");
    }

    /**
     * The rule's last word when it is {@code enforce} or {@code audit} and comes right after the
     * rule's {@code size} words; null when the rule ends there. Anything else there is an error.
     */
    private Mode suffix(List<Token> t, int size) throws RulesException {
        if (t.size() <= size) {
            return null;
        }
        Token w = t.get(size);
        if (!isModeWord(w.text)) {
            throw error(w, "unexpected '" + w.text + "' at end of rule (only enforce or audit may follow)");
        }
        if (t.size() > size + 1) {
            throw error(t.get(size + 1), "unexpected '" + t.get(size + 1).text + "' after '" + w.text + "'");
        }
        return Mode.valueOf(w.text.toUpperCase(Locale.ROOT));
    }

    private static final String PAIR_METHOD = "a method pair names one method each";
    private static final String TOKEN_METHOD = "a token rule names one save and one restore method";

    /** {@code CLASS#METHOD(PARAMS)}; {@code noWildcards} is null where '*' is allowed, else what to say if one is used. */
    private MethodPattern method(Token token, String noWildcards) throws RulesException {
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
            params = params(rest.substring(open + 1, rest.length() - 1));
            rest = rest.substring(0, open);
        }
        if (!Names.javaName(type)) {
            throw error(token, "bad class name '" + type + "'");
        }
        if (rest.isEmpty() || !Names.javaName(rest) || rest.contains(".")) {
            throw error(token, hash + 1, "bad method name '" + rest + "'");
        }
        if (noWildcards != null && (type.contains("*") || rest.contains("*"))) {
            throw error(token, noWildcards + ": no '*' in '" + text + "'");
        }
        return new MethodPattern(new Glob(type), new Glob(rest), params);
    }

    /** A parameter list's inside: null for {@code *} (any), else the type names. */
    private static List<String> params(String inside) {
        inside = inside.trim();
        if (inside.equals("*")) {
            return null;
        }
        List<String> params = new ArrayList<>();
        if (!inside.isEmpty()) {
            for (String p : inside.split(",")) {
                params.add(p.trim());
            }
        }
        return params;
    }

    private Token word(List<Token> t, int index, String expected) throws RulesException {
        if (index < t.size()) {
            return t.get(index);
        }
        Token last = t.get(t.size() - 1);
        throw new RulesException(file, lineNumber, last.column + last.text.length(), "expected " + expected);
    }

    private RulesException error(Token token, String message) {
        return error(token, 0, message);
    }

    private RulesException error(Token token, int offset, String message) {
        return new RulesException(file, lineNumber, token.column + offset, message);
    }

}
