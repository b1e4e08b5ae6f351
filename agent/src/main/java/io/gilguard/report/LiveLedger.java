package io.gilguard.report;

import java.util.List;

/** The {@link LedgerMXBean}: each call reads the ledgers and violations afresh ({@link LiveReport}). */
public final class LiveLedger implements LedgerMXBean {
    public static final String NAME = "io.gilguard:type=Ledger";

    private final String about;

    /** {@code about}: the report's first line, e.g. version, mode and rules. */
    public LiveLedger(String about) {
        this.about = about;
    }

    @Override
    public long getViolationCount() {
        return Tally.now().occurrences;
    }

    @Override
    public String[] getViolations() {
        return LiveReport.violationLines().toArray(new String[0]);
    }

    @Override
    public String[] getHeldLocks() {
        List<String> lines = LiveReport.heldLines();
        return lines.toArray(new String[0]);
    }

    @Override
    public String report() {
        return LiveReport.text(about);
    }

    @Override
    public String reportJson() {
        return LiveReport.json(about);
    }
}
