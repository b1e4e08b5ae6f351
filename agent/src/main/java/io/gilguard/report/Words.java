package io.gilguard.report;

/** How gilguard's lines count things. */
public final class Words {
    private Words() {}

    /** {@code 1 class}, {@code 2 classes}, {@code 3 locks}. */
    public static String plural(int n, String word) {
        return n + " " + (n == 1 ? word : word.endsWith("s") ? word + "es" : word + "s");
    }
}
