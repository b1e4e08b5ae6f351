package io.gilguard.rules;

/**
 * {@code downcall|upcall CLASS#METHOD POLICY LOCK}, or {@code ... audit} with no lock; or
 * {@code downcall native:GLOB POLICY LOCK}, which names a C function by its symbol (every FFM
 * downcall handle, JNA function and JNI {@code native} method that calls it).
 */
public final class BoundaryRule {
    /** The lock of an {@code audit} rule that names none: it watches the boundary alone. */
    public static final int NO_LOCK = -1;

    private final Direction direction;
    private final MethodPattern pattern;
    private final Glob symbol;
    private final Policy policy;
    private final int lock;
    private final String where;
    private final Mode mode;

    public BoundaryRule(Direction direction, MethodPattern pattern, Policy policy, int lock, String where) {
        this(direction, pattern, policy, lock, where, null);
    }

    public BoundaryRule(Direction direction, MethodPattern pattern, Policy policy, int lock, String where, Mode mode) {
        this(direction, pattern, null, policy, lock, where, mode);
    }

    /** A downcall rule on a C symbol ({@code native:GLOB}). */
    public static BoundaryRule symbol(Glob symbol, Policy policy, int lock, String where, Mode mode) {
        return new BoundaryRule(Direction.DOWNCALL, null, symbol, policy, lock, where, mode);
    }

    private BoundaryRule(Direction direction, MethodPattern pattern, Glob symbol, Policy policy, int lock, String where,
                         Mode mode) {
        this.direction = direction;
        this.pattern = pattern;
        this.symbol = symbol;
        this.policy = policy;
        this.lock = lock;
        this.where = where;
        this.mode = mode;
    }

    public Direction direction() {
        return direction;
    }

    /** The Java methods it names; null for a rule on a C symbol. */
    public MethodPattern pattern() {
        return pattern;
    }

    /** The C symbols it names ({@code native:GLOB}); null for a rule on Java methods. */
    public Glob symbol() {
        return symbol;
    }

    /** What it names, as the rules file writes it: {@code CLASS#METHOD} or {@code native:GLOB}. */
    public String target() {
        return symbol != null ? "native:" + symbol : pattern.toString();
    }

    public Policy policy() {
        return policy;
    }

    /** The lock's number in the rule set, or {@link #NO_LOCK}. */
    public int lock() {
        return lock;
    }

    /** {@code FILE:LINE}, for messages about the rule. */
    public String where() {
        return where;
    }

    /** The rule's own {@code enforce}/{@code audit} word, null if it has none. */
    public Mode mode() {
        return mode;
    }
}
