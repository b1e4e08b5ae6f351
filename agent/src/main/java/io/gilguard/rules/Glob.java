package io.gilguard.rules;

/** A name pattern where {@code *} stands for any run of characters, dots included. */
public final class Glob {
    private final String pattern;

    public Glob(String pattern) {
        this.pattern = pattern;
    }

    public boolean matches(String name) {
        return matches(0, name, 0);
    }


    @Override
    public String toString() {
        return pattern;
    }

    private boolean matches(int p, String s, int i) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                for (int j = i; j <= s.length(); j++) {
                    if (matches(p + 1, s, j)) {
                        return true;
                    }
                }
                return false;
            }
            if (i == s.length() || s.charAt(i) != c) {
                return false;
            }
            p++;
            i++;
        }
        return i == s.length();
    }
}
