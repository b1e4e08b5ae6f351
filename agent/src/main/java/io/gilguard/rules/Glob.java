package io.gilguard.rules;

/** A name pattern where {@code *} stands for any run of characters, dots included. */
public final class Glob {
    private final String pattern;

    public Glob(String pattern) {
        this.pattern = pattern;
    }

    /**
     * One pass with a way back to the last {@code *} only: a later {@code *} can match anything
     * an earlier one gave up, so no other choice needs retrying. Linear in the name for the usual
     * pattern, at worst the product of the lengths (a recursive match is exponential in the
     * stars), and small enough to compile cheaply: it runs for every class and method a rule may
     * name, at start-up.
     */
    public boolean matches(String s) {
        int p = 0;
        int i = 0;
        int star = -1; // where the last * seen is in the pattern
        int resume = 0; // where, in the name, the text that * matched would end if it took one more
        while (i < s.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = i;
            } else if (p < pattern.length() && pattern.charAt(p) == s.charAt(i)) {
                p++;
                i++;
            } else if (star >= 0) {
                p = star + 1;
                i = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
