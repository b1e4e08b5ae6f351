package io.gilguard.runtime;

/** Where a new violation or finding goes as soon as it is first seen. */
public interface Sink {
    /** Called once per distinct violation, on the thread that broke the rule. Must not throw. */
    void first(Violation violation);

    /**
     * Called at each later occurrence of a distinct violation, on the thread that broke the rule
     * again: for a sink that attributes occurrences (to the test running on that thread). Must not
     * throw, and should be cheap: a rule broken in a loop calls it every time.
     */
    default void again(Violation violation) {}

    /**
     * Called at every occurrence, the first included, on the reporting thread, with what is this
     * occurrence's own: for a sink that records each one (JFR). {@code distinct} is the report it
     * counts towards, or null if the table of distinct reports was full. Must not throw, and must
     * cost next to nothing when it records nothing: a rule broken in a loop calls it every time.
     */
    default void each(Violation distinct, Occurrence occurrence) {}
}
