package io.gilguard.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The agent's own failures: caught at the edge of every hook, counted, said once on stderr,
 * never thrown into the application.
 */
public final class Errors {
    private static final AtomicLong INTERNAL = new AtomicLong();
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    /**
     * {@link #note}, for the set-up code that takes a {@code Consumer}: one class for all of it,
     * not {@code Errors::note} at each (NoLambdaTest in test-apps).
     */
    public static final Consumer<String> NOTES = new Consumer<>() {
        @Override
        public void accept(String text) {
            note(text);
        }
    };

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
