package io.gilguard.rules;

/**
 * {@code lock NAME = static CLASS.FIELD} (a Lock or a monitor object in a static field),
 * {@code lock NAME = pair ACQUIRE / RELEASE} (a library's own method pair), or a family of
 * locks, one per object: {@code lock NAME = monitor CLASS} (the monitor of every instance of
 * CLASS and its subclasses) and {@code lock NAME = field CLASS.FIELD} (the Lock or monitor object
 * in instance field FIELD of every CLASS). Its number is its position in the rule set.
 */
public final class LockRule {
    public enum Shape {
        STATIC, PAIR, MONITOR, FIELD;

        /** A family: each object is its own lock for pairing; policies ask about any member. */
        public boolean family() {
            return this == MONITOR || this == FIELD;
        }
    }

    private final String name;
    private final Shape shape;
    private final String owner;
    private final String field;
    private final MethodPattern acquire;
    private final MethodPattern release;
    private final Mode mode;

    private LockRule(String name, Shape shape, String owner, String field, MethodPattern acquire, MethodPattern release,
                     Mode mode) {
        this.name = name;
        this.shape = shape;
        this.owner = owner;
        this.field = field;
        this.acquire = acquire;
        this.release = release;
        this.mode = mode;
    }

    public static LockRule staticField(String name, String owner, String field) {
        return new LockRule(name, Shape.STATIC, owner, field, null, null, null);
    }

    public static LockRule monitor(String name, String owner) {
        return new LockRule(name, Shape.MONITOR, owner, null, null, null, null);
    }

    public static LockRule instanceField(String name, String owner, String field) {
        return new LockRule(name, Shape.FIELD, owner, field, null, null, null);
    }

    public static LockRule pair(String name, MethodPattern acquire, MethodPattern release) {
        return new LockRule(name, Shape.PAIR, null, null, acquire, release, null);
    }

    /** The same lock with its own {@code enforce}/{@code audit} word (for its release checks). */
    public LockRule withMode(Mode m) {
        return new LockRule(name, shape, owner, field, acquire, release, m);
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    /** The class that declares the field, or the monitor family's class; null for a pair. */
    public String owner() {
        return owner;
    }

    /** The field's name (static or instance); null for a pair or a monitor family. */
    public String field() {
        return field;
    }

    public MethodPattern acquire() {
        return acquire;
    }

    public MethodPattern release() {
        return release;
    }

    /** The rule's own {@code enforce}/{@code audit} word, null if it has none. */
    public Mode mode() {
        return mode;
    }

    /** The rule's right-hand side as written: {@code static C.F}, {@code field C.F}, {@code monitor C}, {@code pair A / R}. */
    public String describe() {
        switch (shape) {
            case STATIC:
                return "static " + owner + "." + field;
            case FIELD:
                return "field " + owner + "." + field;
            case MONITOR:
                return "monitor " + owner;
            default:
                return "pair " + acquire + " / " + release;
        }
    }
}
