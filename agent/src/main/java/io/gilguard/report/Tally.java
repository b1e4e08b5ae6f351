package io.gilguard.report;

import io.gilguard.runtime.Violation;
import io.gilguard.runtime.Violations;
import java.util.ArrayList;
import java.util.List;

/**
 * The reports so far, split once for every sink: violations (broken rules), findings (advice),
 * and the violations a suppression matched (listed apart, never dropped).
 */
final class Tally {
    final List<Violation> violations = new ArrayList<>();
    final List<Violation> findings = new ArrayList<>();
    final List<Violation> suppressed = new ArrayList<>();
    /** Every occurrence of every violation not suppressed, repeats included. */
    final long occurrences;

    private Tally(List<Violation> all) {
        long n = 0;
        for (Violation v : all) {
            if (v.suppressedBy() != null) {
                suppressed.add(v);
            } else if (v.kind().isFinding()) {
                findings.add(v);
            } else {
                violations.add(v);
                n += v.count();
            }
        }
        occurrences = n;
    }

    /** In first-seen order. */
    static Tally now() {
        return new Tally(Violations.all());
    }

    /** These reports, in this order (a test's). */
    static Tally of(List<Violation> all) {
        return new Tally(all);
    }

    /** The violations no test failed for: what {@code failOn} is about. */
    List<Violation> notFailedByTests() {
        List<Violation> left = new ArrayList<>();
        for (Violation v : violations) {
            if (v.test() == null) {
                left.add(v);
            }
        }
        return left;
    }
}
