package io.gilguard.report;

import io.gilguard.runtime.Violation;
import io.gilguard.runtime.Violations;
import java.util.ArrayList;
import java.util.List;

/** The reports so far, split once for every sink: violations (broken rules) and findings (advice). */
final class Tally {
    final List<Violation> violations = new ArrayList<>();
    final List<Violation> findings = new ArrayList<>();
    /** Every occurrence of every violation, repeats included. */
    final long occurrences;

    private Tally() {
        long n = 0;
        for (Violation v : Violations.all()) {
            if (v.kind().isFinding()) {
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
        return new Tally();
    }
}
