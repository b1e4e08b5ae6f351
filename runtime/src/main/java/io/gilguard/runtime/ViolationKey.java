package io.gilguard.runtime;

/**
 * What makes a report distinct: two reports with equal keys are one, counted twice. Every field
 * whole, so that no two reports merge however large the numbers of their locks and sites. A
 * lock's report has no label and no note, so one key serves locks and labelled state alike.
 *
 * <p>Not a record: a record's equals and hashCode are bootstrapped through invokedynamic on
 * first use, and the violation path can first run in a thread-end hook late in shutdown.
 */
final class ViolationKey {
    private final Kind kind;
    private final int lock;
    private final String label;
    private final int site;
    private final int acquiredAt;
    private final int priorSite;
    private final String note;

    ViolationKey(Kind kind, int lock, String label, int site, int acquiredAt, int priorSite, String note) {
        this.kind = kind;
        this.lock = lock;
        this.label = label;
        this.site = site;
        this.acquiredAt = acquiredAt;
        this.priorSite = priorSite;
        this.note = note;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ViolationKey)) {
            return false;
        }
        ViolationKey k = (ViolationKey) o;
        return kind == k.kind && lock == k.lock && site == k.site && acquiredAt == k.acquiredAt
                && priorSite == k.priorSite && same(label, k.label) && same(note, k.note);
    }

    @Override
    public int hashCode() {
        int h = kind.ordinal();
        h = 31 * h + lock;
        h = 31 * h + (label == null ? 0 : label.hashCode());
        h = 31 * h + site;
        h = 31 * h + acquiredAt;
        h = 31 * h + priorSite;
        return 31 * h + (note == null ? 0 : note.hashCode());
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
