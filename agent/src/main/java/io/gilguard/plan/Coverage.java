package io.gilguard.plan;

import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.LockRule;
import io.gilguard.rules.RuleSet;
import io.gilguard.rules.StateRule;
import io.gilguard.rules.TokenRule;
import io.gilguard.runtime.Locks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which rules found something to act on. A rule that never matched is most often a typo in a
 * class or method name, and would otherwise check nothing without a word: at exit, each one is
 * named.
 */
public final class Coverage {
    private final RuleSet rules;
    private final Set<BoundaryRule> matched = ConcurrentHashMap.newKeySet();
    private final Set<Integer> pairsSeen = ConcurrentHashMap.newKeySet();
    private final Set<Integer> statesSeen = ConcurrentHashMap.newKeySet();
    private final Set<Integer> tokensSeen = ConcurrentHashMap.newKeySet();

    Coverage(RuleSet rules) {
        this.rules = rules;
    }

    public void matched(BoundaryRule rule) {
        matched.add(rule);
    }

    public void pairSeen(int lock) {
        pairsSeen.add(lock);
    }

    public void stateSeen(int rule) {
        statesSeen.add(rule);
    }

    /** {@code save}: the token rule's save method was found, else its restore method. */
    public void tokenSeen(int rule, boolean save) {
        tokensSeen.add(rule * 2 + (save ? 0 : 1));
    }

    /** One line per rule that had nothing to act on, for the user. */
    public List<String> unused() {
        List<String> lines = new ArrayList<>();
        List<LockRule> locks = rules.locks();
        for (int id = 0; id < locks.size(); id++) {
            LockRule lock = locks.get(id);
            if (lock.shape() == LockRule.Shape.STATIC && Locks.object(id) == null) {
                lines.add("lock '" + lock.name() + "': " + lock.owner() + "." + lock.field()
                        + " was never assigned in a class gilguard saw, so no use of it was seen"
                        + " (is the name right? a nested class is written Outer$Inner)");
            } else if (lock.shape() == LockRule.Shape.PAIR && !pairsSeen.contains(id)) {
                lines.add("lock '" + lock.name() + "': no loaded class declares " + lock.acquire()
                        + " or " + lock.release());
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
            if (!matched.contains(rule)) {
                lines.add("rule " + rule.where() + " matched no method: "
                        + rule.direction().name().toLowerCase(java.util.Locale.ROOT) + " " + rule.pattern()
                        + (rule.direction() == io.gilguard.rules.Direction.DOWNCALL ? " (native methods only)" : ""));
            }
        }
        return lines;
    }
}
