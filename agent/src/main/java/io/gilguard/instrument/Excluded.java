package io.gilguard.instrument;

/**
 * Classes gilguard never rewrites: the JDK's (their lock calls are not the application's, and the
 * runtime itself relies on them) and gilguard's own.
 */
public final class Excluded {
    private static final String[] PREFIXES = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.",
        "io.gilguard.agent.", "io.gilguard.rules.", "io.gilguard.plan.", "io.gilguard.instrument.", "io.gilguard.runtime.",
        "io.gilguard.report.", "io.gilguard.nativehooks.", "io.gilguard.shaded.", "io.gilguard.cli.",
    };

    private Excluded() {}

    /** {@code name} in Java form, with dots. */
    public static boolean name(String name) {
        for (String prefix : PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
