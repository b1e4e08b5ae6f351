package io.gilguard.rules;

/** A rules file that cannot be used; the message is the one line the user sees. */
public final class RulesException extends Exception {
    private static final long serialVersionUID = 1L;

    public RulesException(String file, int line, int column, String message) {
        super(file + ":" + line + ":" + column + ": " + message);
    }

    public RulesException(String message) {
        super(message);
    }
}
