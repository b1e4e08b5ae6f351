package io.gilguard.rules;

/**
 * {@code token SAVE -> RESTORE}: the value SAVE returns (a reference, compared by identity, or a
 * number, compared by value) must come back as RESTORE's first argument exactly once, on the
 * thread that saved it, like {@code PyEval_SaveThread}/{@code PyEval_RestoreThread}. Its number is
 * its position among the token rules.
 */
public final class TokenRule {
    private final MethodPattern save;
    private final MethodPattern restore;
    private final Mode mode;
    private final String where;

    public TokenRule(MethodPattern save, MethodPattern restore, Mode mode, String where) {
        this.save = save;
        this.restore = restore;
        this.mode = mode;
        this.where = where;
    }

    public MethodPattern save() {
        return save;
    }

    public MethodPattern restore() {
        return restore;
    }

    /** The rule's own {@code enforce}/{@code audit} word, null if it has none. */
    public Mode mode() {
        return mode;
    }

    public String where() {
        return where;
    }

    /**
     * How reports name it, one word so that the report line stays easy to split:
     * {@code a.Py#save->restore} (the class said once when both methods are in it), else
     * {@code a.Py#save->b.Ts#restore}.
     */
    public String label() {
        String s = save.type() + "#" + save.method();
        String r = restore.type().toString().equals(save.type().toString())
                ? restore.method().toString() : restore.type() + "#" + restore.method();
        return s + "->" + r;
    }
}
