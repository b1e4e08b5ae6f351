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
import io.gilguard.runtime.Sites;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    /** Per C symbol, its boundary number, -1 when no rule names it: one boundary for every way of calling it. */
    private final Map<String, Integer> symbols = new ConcurrentHashMap<>();

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

    /** Whether some lock's own acquisitions can be refused ({@code enforce}): a lock-order cycle is then checked before {@code lock()}. */
    public boolean locksEnforced() {
        for (LockRule l : rules.locks()) {
            if (Mode.of(l.mode(), mode) == Mode.ENFORCE) {
                return true;
            }
        }
        return false;
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
        Tables t = tables(policies);
        return Boundaries.define(site, downcall, t.locks, t.codes, t.enforced);
    }

    /** Per lock a boundary's policies name, the lock, its policy's code and whether it is enforced. */
    private record Tables(int[] locks, int[] codes, boolean[] enforced) {}

    private Tables tables(List<RuleSet.Applied> policies) {
        List<RuleSet.Applied> withLock = withLock(policies);
        Tables t = new Tables(new int[withLock.size()], new int[withLock.size()], new boolean[withLock.size()]);
        for (int i = 0; i < t.locks.length; i++) {
            RuleSet.Applied p = withLock.get(i);
            t.locks[i] = p.lock;
            t.codes[i] = PolicyCodes.of(p.policy);
            t.enforced[i] = enforced(p);
        }
        return t;
    }

    /**
     * The boundary of every call of the C function {@code symbol} made through the JDK or a
     * library ({@code via}: {@code FFM}, {@code JNA}, for the debug and coverage lines), defined
     * once per symbol whichever handle or function calls it; -1 when no {@code native:} rule names
     * it. {@code loader} (or null) can see the classes of the static locks its policies take.
     * Reports name the application's frame that made the call.
     */
    public int symbolBoundary(String symbol, String via, ClassLoader loader) {
        Integer known = symbols.get(symbol);
        if (known != null) {
            return known;
        }
        synchronized (symbols) {
            known = symbols.get(symbol);
            if (known != null) {
                return known;
            }
            List<RuleSet.Applied> policies = rules.policiesAtSymbol(symbol, coverage.shadowing("native:" + symbol));
            int id = policies.isEmpty() ? -1 : atCaller(Sites.register("native", symbol, null, -1), symbol, policies,
                    loader, "native:" + symbol + " (" + via + ")");
            symbols.put(symbol, id);
            return id;
        }
    }

    /**
     * Defines a downcall boundary whose reports name the application's frame that made the call
     * rather than {@code site} (a JNA {@code Library} interface method, called through a proxy),
     * and, if not null, the C function {@code symbol}. {@code where} is what the rules matched.
     */
    public int atCaller(int site, String symbol, List<RuleSet.Applied> policies, ClassLoader loader, String where) {
        matched(policies, loader, where);
        Tables t = tables(policies);
        return Boundaries.defineAtCaller(site, symbol, t.locks, t.codes, t.enforced);
    }

    /**
     * The rules of {@code policies} decide their locks at {@code where} ({@code Class.method}, or
     * what a symbol was called through): said to the coverage, and {@code loader} (or null) is
     * one that sees the classes of the static locks they name.
     */
    public void matched(List<RuleSet.Applied> policies, ClassLoader loader, String where) {
        for (RuleSet.Applied p : policies) {
            if (p.lock != BoundaryRule.NO_LOCK) {
                Locks.loader(p.lock, loader);
            }
            coverage.matched(p.rule, where);
        }
    }

    /**
     * Whether a policy at the boundary throws when broken: {@code require} or {@code forbid} under
     * enforce, or {@code acquire} of an enforced lock (its acquisition is refused when it would
     * close a lock-order cycle).
     */
    public boolean enforces(List<RuleSet.Applied> policies) {
        for (RuleSet.Applied p : withLock(policies)) {
            if (enforced(p)) {
                return true;
            }
        }
        return false;
    }

    private boolean enforced(RuleSet.Applied p) {
        return (p.policy == Policy.REQUIRE || p.policy == Policy.FORBID) && Mode.of(p.rule.mode(), mode) == Mode.ENFORCE
                || p.policy == Policy.ACQUIRE && Enforce.lock(p.lock);
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
