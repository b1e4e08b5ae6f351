package io.gilguard.runtime;

/** Real violations for the agent's unit tests, built as the violation path builds them. */
public final class TestViolations {
    private TestViolations() {}

    /** A violation of {@code kind} about {@code label} (a lock the rules do not name), on this thread. */
    public static Violation of(Kind kind, String label) {
        return Violation.of(kind).label(label).build();
    }

    /** One that the suppressions file matched. */
    public static Violation suppressed(Kind kind, String label, String reason) {
        Violation v = of(kind, label);
        v.suppress(reason);
        return v;
    }
}
