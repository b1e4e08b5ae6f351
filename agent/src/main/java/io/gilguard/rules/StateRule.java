package io.gilguard.rules;

import java.util.List;

/**
 * {@code state CLASS owner=creator [METHOD...]} or
 * {@code state CLASS owner=binder(BIND[, UNBIND]) [METHOD...]}: each instance of the class is
 * thread state, owned by the thread that constructed it, or by the thread that last called its
 * bind method (until it calls the unbind method). Calls of its methods from any other thread are
 * {@code FOREIGN_STATE}. Its number is its position among the state rules.
 */
public final class StateRule {
    public enum Owner { CREATOR, BINDER }

    private final MethodPattern type;
    private final Owner owner;
    private final MethodPattern bind;
    private final MethodPattern unbind;
    private final List<MethodPattern> methods;
    private final Mode mode;
    private final String where;

    /**
     * {@code type} names the class (its method part unused); {@code bind} and {@code unbind} are
     * null for {@link Owner#CREATOR} ({@code unbind} may be null for a binder too);
     * {@code methods} empty means every method the owner check applies to by default.
     */
    public StateRule(Glob type, Owner owner, MethodPattern bind, MethodPattern unbind, List<MethodPattern> methods,
                     Mode mode, String where) {
        this.type = new MethodPattern(type, new Glob("*"), null);
        this.owner = owner;
        this.bind = bind;
        this.unbind = unbind;
        this.methods = List.copyOf(methods);
        this.mode = mode;
        this.where = where;
    }

    public boolean matchesType(String className) {
        return type.matchesType(className);
    }

    /** The class name (pattern) as written. */
    public String type() {
        return type.type().toString();
    }

    public Owner owner() {
        return owner;
    }

    public MethodPattern bind() {
        return bind;
    }

    public MethodPattern unbind() {
        return unbind;
    }

    /** The methods the rule names; empty: every method checked by default. */
    public List<MethodPattern> methods() {
        return methods;
    }

    /** The rule's own {@code enforce}/{@code audit} word, null if it has none. */
    public Mode mode() {
        return mode;
    }

    /** {@code FILE:LINE}, for messages about the rule. */
    public String where() {
        return where;
    }
}
