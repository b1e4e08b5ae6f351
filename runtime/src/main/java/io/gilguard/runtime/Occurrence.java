package io.gilguard.runtime;

/**
 * One occurrence of a report, with what is its own: the thread that broke the rule this time,
 * how long this wait or hold took, this hold's calls. A {@link Violation} keeps what the first
 * occurrence saw; a sink that records every occurrence (JFR) reads this instead. Valid only
 * during {@link Sink#each}: it is the report being made, not a copy.
 */
public interface Occurrence {
    Kind kind();

    /** As {@link Violation#lock}. */
    String lock();

    /** As {@link Violation#isState}. */
    boolean isState();

    /** As {@link Violation#member}. */
    String member();

    /** The thread that broke the rule this time (the reporting thread, unless a native hook reports another). */
    String thread();

    /** As {@link Violation#owner}, for this occurrence: the holder a waiter waited for. */
    String owner();

    int site();

    int acquiredAt();

    /** As {@link Violation#origin}. */
    String origin();

    int holdCount();

    String note();

    String symbol();

    /** For a finding about time: how long this occurrence took (the wait, the hold's native time); 0 otherwise. */
    long nanos();

    /** For a long hold: this hold (its length, calls, methods); null otherwise. */
    HoldSummary hold();
}
