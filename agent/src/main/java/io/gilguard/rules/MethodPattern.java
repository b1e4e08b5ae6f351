package io.gilguard.rules;

import java.util.List;

/**
 * {@code CLASS#METHOD(PARAMS)}: class and method names with {@code *}; parameters either absent or
 * {@code (*)} (any), {@code ()} (none), or a list of type names, simple or qualified.
 */
public final class MethodPattern {
    private final Glob type;
    private final Glob method;
    private final List<String> params;

    /** {@code params} null means any parameters. */
    public MethodPattern(Glob type, Glob method, List<String> params) {
        this.type = type;
        this.method = method;
        this.params = params;
    }

    public Glob type() {
        return type;
    }

    public Glob method() {
        return method;
    }

    public boolean matchesType(String className) {
        return type.matches(className);
    }

    /** {@code paramTypes} are the parameter types' Java names, e.g. {@code int}, {@code java.lang.String[]}. */
    public boolean matchesMethod(String name, List<String> paramTypes) {
        if (!method.matches(name)) {
            return false;
        }
        if (params == null) {
            return true;
        }
        if (params.size() != paramTypes.size()) {
            return false;
        }
        for (int i = 0; i < params.size(); i++) {
            String want = params.get(i);
            String have = paramTypes.get(i);
            if (!have.equals(want) && !have.endsWith('.' + want) && !have.endsWith('$' + want)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return type + "#" + method + (params == null ? "" : "(" + String.join(", ", params) + ")");
    }
}
