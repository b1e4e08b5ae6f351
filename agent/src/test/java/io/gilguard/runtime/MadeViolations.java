package io.gilguard.runtime;

/**
 * Real {@link Violation}s for the report writers' unit tests, made as the violation path makes
 * them (its builder is package-private: this class is in the runtime's package), without the
 * global table, so that a test owns exactly what it writes.
 */
public final class MadeViolations {
    private MadeViolations() {}

    /**
     * A violation of {@code kind} about {@code lock} (a label: no rules are loaded), seen
     * {@code count} times by {@code thread}, with sites from {@link Sites#register}; suppressed
     * with {@code reason} unless null.
     */
    public static Violation of(Kind kind, String lock, String thread, int site, int acquiredAt, long count, String reason) {
        Violation v = Violation.of(kind).label(lock).thread(thread).site(site).acquiredAt(acquiredAt).build();
        for (long i = 0; i < count; i++) {
            v.seen(0);
        }
        if (reason != null) {
            v.suppress(reason);
        }
        return v;
    }
}
