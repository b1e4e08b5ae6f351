package io.gilguard.report;

import io.gilguard.runtime.Violation;

/**
 * The one site a report points at in a CI file (a JUnit test's class, a SARIF result's
 * location): the violating site, or, for a report that has none (a thread's end), where the lock
 * was taken; 0 if neither is known.
 */
final class Place {
    private Place() {}

    static int of(Violation v) {
        return v.site() > 0 ? v.site() : v.acquiredAt();
    }

    /** How the line names the site {@link #of} gives: {@code at}, or {@link #acquired}. */
    static String word(Violation v) {
        return v.site() > 0 ? "at" : acquired(v);
    }

    /** How the line names the acquisition site: {@code acquired at}, or for thread state {@code created at}, {@code bound at}, {@code saved at}. */
    static String acquired(Violation v) {
        return (v.origin() != null ? v.origin() : "acquired") + " at";
    }
}
