package io.gilguard.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The rules, parsed and checked: immutable, shared by every stage after. */
public final class RuleSet {
    /** One policy on one lock at one boundary method. */
    public static final class Applied {
        public final int lock;
        public final Policy policy;
        public final BoundaryRule rule;

        Applied(BoundaryRule rule) {
            this.lock = rule.lock();
            this.policy = rule.policy();
            this.rule = rule;
        }
    }

    private final String source;
    private final List<LockRule> locks;
    private final List<BoundaryRule> boundaries;

    RuleSet(String source, List<LockRule> locks, List<BoundaryRule> boundaries) {
        this.source = source;
        this.locks = List.copyOf(locks);
        this.boundaries = List.copyOf(boundaries);
    }

    public String source() {
        return source;
    }

    public List<LockRule> locks() {
        return locks;
    }

    public List<BoundaryRule> boundaries() {
        return boundaries;
    }

    public boolean has(Direction direction) {
        return boundaries.stream().anyMatch(b -> b.direction() == direction);
    }

    /**
     * The policies at a method: for each lock, the first rule in file order that names the method.
     * {@code typeNames} are the declaring class's name and, for upcalls, its supertypes' names.
     */
    public List<Applied> policiesAt(Direction direction, Collection<String> typeNames, String method, List<String> params) {
        List<Applied> applied = new ArrayList<>();
        // One more slot, the last, for the lock-less audit rules.
        boolean[] decided = new boolean[locks.size() + 1];
        for (BoundaryRule rule : boundaries) {
            int slot = rule.lock() == BoundaryRule.NO_LOCK ? locks.size() : rule.lock();
            if (rule.direction() != direction || decided[slot]) {
                continue;
            }
            MethodPattern p = rule.pattern();
            if (typeNames.stream().anyMatch(p::matchesType) && p.matchesMethod(method, params)) {
                decided[slot] = true;
                applied.add(new Applied(rule));
            }
        }
        return applied;
    }
}
