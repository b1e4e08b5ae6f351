package io.gilguard.rules;

/** {@code downcall|upcall CLASS#METHOD POLICY LOCK}, or {@code ... audit} with no lock. */
public final class BoundaryRule {
    /** The lock of an {@code audit} rule that names none: it watches the boundary alone. */
    public static final int NO_LOCK = -1;

    private final Direction direction;
    private final MethodPattern pattern;
    private final Policy policy;
    private final int lock;
    private final String where;

    public BoundaryRule(Direction direction, MethodPattern pattern, Policy policy, int lock, String where) {
        this.direction = direction;
        this.pattern = pattern;
        this.policy = policy;
        this.lock = lock;
        this.where = where;
    }

    public Direction direction() {
        return direction;
    }

    public MethodPattern pattern() {
        return pattern;
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
}
