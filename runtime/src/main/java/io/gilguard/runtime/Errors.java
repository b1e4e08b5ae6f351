package io.gilguard.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own failures: caught at the edge of every hook, counted, said once on stderr,
 * never thrown into the application.
 */
public final class Errors {
    private static final AtomicLong INTERNAL = new AtomicLong();
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private Errors() {}

    public static void internal(Throwable t) {
        if (INTERNAL.getAndIncrement() == 0) {
            Stderr.line("gilguard: internal error (reported once, counted in the report): " + t);
        }
    }

    /** A one-line notice about the set-up (a rule that cannot act), said once per text. */
    public static void note(String text) {
        if (SAID.add(text)) {
            Stderr.line("gilguard: " + text);
        }
    }

    public static long internalCount() {
        return INTERNAL.get();
    }
}
