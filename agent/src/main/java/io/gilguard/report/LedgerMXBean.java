package io.gilguard.report;

/**
 * {@code io.gilguard:type=Ledger}: the live state, for {@code java -jar gilguard.jar report PID}
 * and for JConsole or Mission Control. Reading it changes nothing and stops no thread.
 */
public interface LedgerMXBean {
    /** Violations so far (not findings), every occurrence counted. */
    long getViolationCount();

    /** One line per distinct violation or finding, as on stderr, with its count. */
    String[] getViolations();

    /** One line per thread and tracked lock it holds now: count and acquisition site. */
    String[] getHeldLocks();

    /** All of it as text, as {@code report PID} prints it. */
    String report();

    /** All of it as JSON, as {@code report PID --json} prints it. */
    String reportJson();
}
