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
    private final List<String> lockSources;
    private final List<BoundaryRule> boundaries;
    private final List<StateRule> states;
    private final List<TokenRule> tokens;

    RuleSet(String source, List<LockRule> locks, List<BoundaryRule> boundaries) {
        this(source, locks, boundaries, List.of(), List.of());
    }

    RuleSet(String source, List<LockRule> locks, List<BoundaryRule> boundaries, List<StateRule> states,
            List<TokenRule> tokens) {
        this(source, locks, java.util.Collections.nCopies(locks.size(), source), boundaries, states, tokens);
    }

    RuleSet(String source, List<LockRule> locks, List<String> lockSources, List<BoundaryRule> boundaries,
            List<StateRule> states, List<TokenRule> tokens) {
        this.source = source;
        this.locks = List.copyOf(locks);
        this.lockSources = List.copyOf(lockSources);
        this.boundaries = List.copyOf(boundaries);
        this.states = List.copyOf(states);
        this.tokens = List.copyOf(tokens);
    }

    /** What the rules came from, as the option named it: {@code FILE}, or {@code builtin:jna+FILE}. */
    public String source() {
        return source;
    }

    public List<LockRule> locks() {
        return locks;
    }

    /** The source (a file, {@code builtin:NAME}) that named lock {@code id}. */
    public String lockSource(int id) {
        return lockSources.get(id);
    }

    public List<BoundaryRule> boundaries() {
        return boundaries;
    }

    /** The {@code state} rules, in file order; a rule's number is its index. */
    public List<StateRule> states() {
        return states;
    }

    /** The {@code token} rules, in file order; a rule's number is its index. */
    public List<TokenRule> tokens() {
        return tokens;
    }

    /** The number of the state rule that names {@code className}, or -1: the first in file order. */
    public int stateOf(String className) {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).matchesType(className)) {
                return i;
            }
        }
        return -1;
    }

    public boolean has(Direction direction) {
        for (BoundaryRule b : boundaries) {
            if (b.direction() == direction) {
                return true;
            }
        }
        return false;
    }

    /** Told of a rule whose pattern names a method whose lock an earlier rule already decides there. */
    @FunctionalInterface
    public interface Shadowing {
        /** {@code rule} names the method too, but {@code by}, earlier in the file, decides its lock there. */
        void shadowed(BoundaryRule rule, BoundaryRule by);
    }

    /**
     * The policies at a method: for each lock, the first rule in file order that names the method.
     * {@code typeNames} are the declaring class's name and, for upcalls, its supertypes' names.
     */
    public List<Applied> policiesAt(Direction direction, Collection<String> typeNames, String method, List<String> params) {
        return policiesAt(direction, typeNames, method, params, null);
    }

    /**
     * As {@link #policiesAt(Direction, Collection, String, List)}; {@code shadowing}, unless null,
     * hears of each later rule of the same direction that names the method and the same lock (or,
     * for the lock-less audit rules, is lock-less too), which therefore decides nothing here.
     */
    public List<Applied> policiesAt(Direction direction, Collection<String> typeNames, String method, List<String> params,
                                    Shadowing shadowing) {
        return policiesAt(direction, typeNames, method, params, List.of(), shadowing);
    }

    /**
     * The policies at a call of a C function, by its symbol (an FFM downcall handle, a JNA
     * function): the {@code native:} rules that match it, first per lock in file order.
     */
    public List<Applied> policiesAtSymbol(String symbol, Shadowing shadowing) {
        return policiesAt(Direction.DOWNCALL, List.of(), null, null, List.of(symbol), shadowing);
    }

    /**
     * Whether a rule of {@code direction} names a method called {@code method}, whatever its
     * class: a cheap first question before the class's supertypes are read.
     */
    public boolean namesMethod(Direction direction, String method) {
        for (BoundaryRule rule : boundaries) {
            if (rule.direction() == direction && rule.symbol() == null && rule.pattern().method().matches(method)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some {@code native:} rule names a C symbol. */
    public boolean hasSymbols() {
        for (BoundaryRule b : boundaries) {
            if (b.symbol() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The policies at a method that is also known by C symbols ({@code symbols}: a JNI
     * {@code native} method's {@code Java_…} names), rules on methods and on symbols alike in file
     * order. {@code method} null: only the symbols are asked.
     */
    public List<Applied> policiesAt(Direction direction, Collection<String> typeNames, String method, List<String> params,
                                    Collection<String> symbols, Shadowing shadowing) {
        List<Applied> applied = new ArrayList<>();
        // One more slot, the last, for the lock-less audit rules.
        BoundaryRule[] decided = new BoundaryRule[locks.size() + 1];
        for (BoundaryRule rule : boundaries) {
            int slot = rule.lock() == BoundaryRule.NO_LOCK ? locks.size() : rule.lock();
            if (rule.direction() != direction || decided[slot] != null && shadowing == null) {
                continue;
            }
            if (names(rule, typeNames, method, params, symbols)) {
                if (decided[slot] == null) {
                    decided[slot] = rule;
                    applied.add(new Applied(rule));
                } else {
                    shadowing.shadowed(rule, decided[slot]);
                }
            }
        }
        return applied;
    }

    private static boolean names(BoundaryRule rule, Collection<String> typeNames, String method, List<String> params,
                                 Collection<String> symbols) {
        if (rule.symbol() != null) {
            for (String symbol : symbols) {
                if (rule.symbol().matches(symbol)) {
                    return true;
                }
            }
            return false;
        }
        MethodPattern p = rule.pattern();
        if (method == null || !p.matchesMethod(method, params)) {
            return false;
        }
        for (String type : typeNames) {
            if (p.matchesType(type)) {
                return true;
            }
        }
        return false;
    }
}
