package io.gilguard.plan;

import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.LockRule;
import io.gilguard.rules.Mode;
import io.gilguard.rules.Policy;
import io.gilguard.rules.RuleSet;
import io.gilguard.rules.StateRule;
import io.gilguard.rules.TokenRule;
import io.gilguard.runtime.Boundaries;
import io.gilguard.runtime.Enforce;
import io.gilguard.runtime.Families;
import io.gilguard.runtime.Locks;
import io.gilguard.runtime.States;
import java.util.ArrayList;
import java.util.List;

/**
 * The one step from rules to runtime: a parsed {@link RuleSet} and the run's mode become the
 * runtime's tables (the locks, which of them are enforced, the state and token rules, the
 * long-hold threshold), at start-up and at attach alike, before any class is transformed. The
 * instrumentation then asks the plan for the number of each boundary it finds
 * ({@link #boundary}), and tells its {@link Coverage} what each rule reached.
 */
public final class Plan {
    private final RuleSet rules;
    private final Mode mode;
    private final Coverage coverage;

    private Plan(RuleSet rules, Mode mode) {
        this.rules = rules;
        this.mode = mode;
        this.coverage = new Coverage(rules);
    }

    /** {@code mode}: the {@code mode} option, for the rules that do not say their own. */
    public static Plan define(RuleSet rules, Mode mode, long longHoldNanos) {
        defineLocks(rules, mode);
        defineStates(rules, mode);
        Boundaries.longHold(longHoldNanos);
        return new Plan(rules, mode);
    }

    public RuleSet rules() {
        return rules;
    }

    public Mode mode() {
        return mode;
    }

    public Coverage coverage() {
        return coverage;
    }

    /**
     * Defines a boundary method (or, at attach, a native method seen at its call sites) in the
     * runtime, with the policies that name a lock: a lock-less {@code audit} rule only makes it
     * a boundary. Returns its number, which the advice or the rewritten call carries.
     */
    public int boundary(int site, boolean downcall, List<RuleSet.Applied> policies) {
        List<RuleSet.Applied> withLock = withLock(policies);
        int[] locks = new int[withLock.size()];
        int[] codes = new int[withLock.size()];
        boolean[] enforced = new boolean[withLock.size()];
        for (int i = 0; i < locks.length; i++) {
            RuleSet.Applied p = withLock.get(i);
            locks[i] = p.lock;
            codes[i] = PolicyCodes.of(p.policy);
            enforced[i] = enforced(p);
        }
        return Boundaries.define(site, downcall, locks, codes, enforced);
    }

    /** Whether a policy at the boundary throws when broken: {@code require} or {@code forbid} under enforce. */
    public boolean enforces(List<RuleSet.Applied> policies) {
        for (RuleSet.Applied p : withLock(policies)) {
            if (enforced(p)) {
                return true;
            }
        }
        return false;
    }

    private boolean enforced(RuleSet.Applied p) {
        return (p.policy == Policy.REQUIRE || p.policy == Policy.FORBID) && Mode.of(p.rule.mode(), mode) == Mode.ENFORCE;
    }

    private static List<RuleSet.Applied> withLock(List<RuleSet.Applied> policies) {
        List<RuleSet.Applied> withLock = new ArrayList<>();
        for (RuleSet.Applied p : policies) {
            if (p.lock != BoundaryRule.NO_LOCK) {
                withLock.add(p);
            }
        }
        return withLock;
    }

    private static void defineLocks(RuleSet rules, Mode mode) {
        List<LockRule> locks = rules.locks();
        String[] names = new String[locks.size()];
        int[] shapes = new int[locks.size()];
        String[] fields = new String[locks.size()];
        String[] monitorClasses = new String[locks.size()];
        boolean[] fieldFamilies = new boolean[locks.size()];
        boolean[] enforced = new boolean[locks.size()];
        for (int i = 0; i < names.length; i++) {
            LockRule l = locks.get(i);
            names[i] = l.name();
            shapes[i] = l.shape() == LockRule.Shape.STATIC ? Locks.STATIC
                    : l.shape() == LockRule.Shape.PAIR ? Locks.PAIR : Locks.FAMILY;
            fields[i] = l.shape() == LockRule.Shape.STATIC ? l.owner() + "." + l.field() : null;
            monitorClasses[i] = l.shape() == LockRule.Shape.MONITOR ? l.owner() : null;
            fieldFamilies[i] = l.shape() == LockRule.Shape.FIELD;
            enforced[i] = Mode.of(l.mode(), mode) == Mode.ENFORCE;
        }
        Locks.define(names, shapes, fields);
        Families.define(monitorClasses, fieldFamilies);
        Enforce.locks(enforced);
    }

    private static void defineStates(RuleSet rules, Mode mode) {
        List<StateRule> states = rules.states();
        int[] owners = new int[states.size()];
        boolean[] stateEnforced = new boolean[states.size()];
        for (int i = 0; i < owners.length; i++) {
            owners[i] = states.get(i).owner() == StateRule.Owner.CREATOR ? States.CREATOR : States.BINDER;
            stateEnforced[i] = Mode.of(states.get(i).mode(), mode) == Mode.ENFORCE;
        }
        List<TokenRule> tokens = rules.tokens();
        String[] labels = new String[tokens.size()];
        boolean[] tokenEnforced = new boolean[tokens.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = tokens.get(i).label();
            tokenEnforced[i] = Mode.of(tokens.get(i).mode(), mode) == Mode.ENFORCE;
        }
        States.define(owners, stateEnforced, labels, tokenEnforced);
    }
}
