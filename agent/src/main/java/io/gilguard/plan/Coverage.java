package io.gilguard.plan;

import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.LockRule;
import io.gilguard.rules.RuleSet;
import io.gilguard.rules.RuleSources;
import io.gilguard.rules.StateRule;
import io.gilguard.rules.TokenRule;
import io.gilguard.rules.Direction;
import io.gilguard.runtime.Errors;
import io.gilguard.runtime.Families;
import io.gilguard.runtime.Locks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which rules found something to act on. A rule that never matched is most often a typo in a
 * class or method name, and would otherwise check nothing without a word: at exit, each one is
 * named, and a rule that only ever came after an earlier rule for the same lock is said to be
 * shadowed by it. With {@code -Dgilguard.debug=true}, what each rule acts on is said as it is
 * instrumented.
 */
public final class Coverage {
    /** {@code -Dgilguard.debug=true}: read once; off, no debug line is made. */
    public static final boolean DEBUG = Boolean.getBoolean("gilguard.debug");

    /** Where a rule was first shadowed, and by which rule. */
    private record Shadow(BoundaryRule by, String where) {}

    private final RuleSet rules;
    private final Set<BoundaryRule> matched = ConcurrentHashMap.newKeySet();
    private final Map<BoundaryRule, Shadow> shadowed = new ConcurrentHashMap<>();
    private final Set<Integer> pairsSeen = ConcurrentHashMap.newKeySet();
    private final Set<Integer> wrongKinds = ConcurrentHashMap.newKeySet();
    private final Set<Integer> familyClasses = ConcurrentHashMap.newKeySet();
    private final Set<Integer> statesSeen = ConcurrentHashMap.newKeySet();
    private final Set<Integer> tokensSeen = ConcurrentHashMap.newKeySet();

    Coverage(RuleSet rules) {
        this.rules = rules;
    }

    /** {@code rule} decides its lock at {@code where} ({@code Class.method}). */
    public void matched(BoundaryRule rule, String where) {
        matched.add(rule);
        if (DEBUG) {
            debug("rule " + rule.where() + " (" + describe(rule) + ") matched " + where);
        }
    }

    /** {@code rule} names {@code where} too, but {@code by} decides its lock there first. */
    public void shadowed(BoundaryRule rule, BoundaryRule by, String where) {
        shadowed.putIfAbsent(rule, new Shadow(by, where));
        if (DEBUG) {
            debug("rule " + rule.where() + " (" + describe(rule) + ") shadowed at " + where + " by rule " + by.where());
        }
    }

    /** The seam's callback for {@link RuleSet#policiesAt}, at {@code where}. */
    public RuleSet.Shadowing shadowing(String where) {
        return new RuleSet.Shadowing() { // not a lambda (NoLambdaTest)
            @Override
            public void shadowed(BoundaryRule rule, BoundaryRule by) {
                Coverage.this.shadowed(rule, by, where);
            }
        };
    }

    /** {@code acquire}: the pair lock's acquire method is {@code where}, else its release method. */
    public void pairSeen(int lock, boolean acquire, String where) {
        pairsSeen.add(lock);
        if (DEBUG) {
            LockRule l = rules.locks().get(lock);
            debug("lock '" + l.name() + "' (pair " + l.acquire() + " / " + l.release() + ") "
                    + (acquire ? "acquires" : "releases") + " in " + where);
        }
    }

    /** A static lock's field is assigned in {@code where}: debug only. */
    public void lockAssigned(int lock, String where) {
        if (DEBUG) {
            LockRule l = rules.locks().get(lock);
            debug("lock '" + l.name() + "' (" + l.describe() + ") assigned in " + where);
        }
    }

    /** A {@code static} lock names a field its class declares without {@code static}, or a {@code field} lock a static one. */
    public void wrongKind(int lock) {
        wrongKinds.add(lock);
    }

    /** The class a monitor family names, or a subclass with synchronized methods, was loaded. */
    public void familyClassLoaded(int lock) {
        familyClasses.add(lock);
    }

    public void stateSeen(int rule, String className) {
        statesSeen.add(rule);
        if (DEBUG) {
            StateRule s = rules.states().get(rule);
            debug("rule " + s.where() + " (state " + s.type() + ") matched class " + className);
        }
    }

    /** {@code save}: the token rule's save method was found ({@code where}), else its restore method. */
    public void tokenSeen(int rule, boolean save, String where) {
        tokensSeen.add(rule * 2 + (save ? 0 : 1));
        if (DEBUG) {
            TokenRule t = rules.tokens().get(rule);
            debug("rule " + t.where() + " (token " + (save ? "save " + t.save() : "restore " + t.restore())
                    + ") matched " + where);
        }
    }

    /** Said once per text. */
    private static void debug(String text) {
        Errors.note("debug: " + text);
    }

    /** {@code upcall CLASS#METHOD POLICY [LOCK]}, as the rule reads. */
    private String describe(BoundaryRule rule) {
        return rule.direction().name().toLowerCase(Locale.ROOT) + " " + rule.target() + " " + rule.policy().word()
                + (rule.lock() == BoundaryRule.NO_LOCK ? "" : " " + rules.locks().get(rule.lock()).name());
    }

    /** Why a lock rule found nothing to follow, or null when it did. */
    private String unused(LockRule lock, int id) {
        String field = lock.owner() + "." + lock.field();
        switch (lock.shape()) {
            case STATIC:
                if (Locks.object(id) != null) {
                    return null;
                }
                return wrongKinds.contains(id)
                        ? field + " is an instance field: write 'lock " + lock.name() + " = field " + field
                                + "' to follow the lock of every object"
                        : field + " was never assigned in a class gilguard saw, so no use of it was seen"
                                + " (is the name right? a nested class is written Outer$Inner)";
            case FIELD:
                if (Families.seen(id)) {
                    return null;
                }
                return wrongKinds.contains(id)
                        ? field + " is a static field: write 'lock " + lock.name() + " = static " + field + "'"
                        : field + " was never assigned (or, at attach, read) in a class gilguard saw, so no object"
                                + " of the family was met (is the name right? a nested class is written Outer$Inner)";
            case MONITOR:
                return Families.seen(id) || familyClasses.contains(id) ? null : "no class " + lock.owner()
                        + " was loaded, nor an instance of a subclass locked (is the name right? a nested class is"
                        + " written Outer$Inner)";
            default:
                return pairsSeen.contains(id) ? null : "no loaded class declares " + lock.acquire() + " or " + lock.release();
        }
    }

    /** One line per rule that had nothing to act on, for the user. */
    public List<String> unused() {
        List<String> lines = new ArrayList<>();
        List<LockRule> locks = rules.locks();
        for (int id = 0; id < locks.size(); id++) {
            LockRule lock = locks.get(id);
            String line = unused(lock, id);
            if (line != null) {
                lines.add("lock '" + lock.name() + "': " + line);
            }
        }
        List<StateRule> states = rules.states();
        for (int i = 0; i < states.size(); i++) {
            if (!statesSeen.contains(i)) {
                lines.add("rule " + states.get(i).where() + " matched no class: state " + states.get(i).type()
                        + " (is the name right? a nested class is written Outer$Inner)");
            }
        }
        List<TokenRule> tokens = rules.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            TokenRule t = tokens.get(i);
            if (!tokensSeen.contains(i * 2)) {
                lines.add("rule " + t.where() + " matched no method: token save " + t.save());
            }
            if (!tokensSeen.contains(i * 2 + 1)) {
                lines.add("rule " + t.where() + " matched no method: token restore " + t.restore());
            }
        }
        for (BoundaryRule rule : rules.boundaries()) {
            if (matched.contains(rule) || rule.where().startsWith(RuleSources.LEARNING_SOURCE + ":")) {
                continue; // learn mode's own rules cast a wide net: what they catch is the file it writes
            }
            Shadow shadow = shadowed.get(rule);
            if (shadow != null) {
                lines.add("rule " + rule.where() + " matched no method of its own: "
                        + rule.direction().name().toLowerCase(Locale.ROOT) + " " + rule.target() + " (shadowed at "
                        + shadow.where() + " by rule " + shadow.by().where() + ", which names "
                        + (rule.lock() == BoundaryRule.NO_LOCK ? "it first, with no lock either"
                                : "the same lock " + rules.locks().get(rule.lock()).name() + " first") + ")");
            } else {
                lines.add("rule " + rule.where() + " matched " + (rule.symbol() != null ? "no call: " : "no method: ")
                        + rule.direction().name().toLowerCase(java.util.Locale.ROOT) + " " + rule.target()
                        + (rule.symbol() != null ? " (no JNI native method, FFM downcall handle or JNA function"
                                + " with a matching symbol was seen)"
                                : rule.direction() == Direction.DOWNCALL ? " (native methods only)" : ""));
            }
        }
        return lines;
    }
}
