package io.gilguard.rules;

/**
 * The shapes a rules file's names must have, checked a character at a time: each regular
 * expression compiled for them cost more at start-up than parsing a whole rules file.
 */
final class Names {
    private Names() {}

    /** A lock's name: {@code [A-Za-z_][A-Za-z0-9_.-]*}. */
    static boolean lockName(String s) {
        if (s.isEmpty() || !letter(s.charAt(0)) && s.charAt(0) != '_') {
            return false;
        }
        return rest(s, "_.-");
    }

    /** A C symbol's glob: {@code [A-Za-z0-9_$@.*]+}. */
    static boolean symbol(String s) {
        return !s.isEmpty() && rest(s, "_$@.*");
    }

    /** A Java name's glob, dotted: {@code [A-Za-z_$*][A-Za-z0-9_$.*]*}. */
    static boolean javaName(String s) {
        if (s.isEmpty() || !letter(s.charAt(0)) && "_$*".indexOf(s.charAt(0)) < 0) {
            return false;
        }
        return rest(s, "_$.*");
    }

    /** Every character an ASCII letter, a digit or one of {@code others}. */
    private static boolean rest(String s, String others) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!letter(c) && !(c >= '0' && c <= '9') && others.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean letter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }
}
