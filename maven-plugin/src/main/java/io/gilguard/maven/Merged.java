package io.gilguard.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reports of every test JVM of a build as one: a violation two forks both saw is one, its
 * counts added and the tests that failed for it put together.
 */
final class Merged {
    /** A distinct violation: as the first report that has it says it, with every report's count and tests. */
    static final class Distinct {
        final Violation first;
        long count;
        final Set<String> tests = new LinkedHashSet<>();

        Distinct(Violation first) {
            this.first = first;
        }

        /** The agent's words, then the tests that failed for it and how many times it happened. */
        String describe() {
            StringBuilder b = new StringBuilder(first.describe());
            if (!tests.isEmpty()) {
                b.append(tests.size() == 1 ? " test=" : " tests=").append(String.join(", ", tests));
            }
            b.append(" count=").append(count);
            if (first.suppressedBy() != null) {
                b.append(" suppressed: ").append(first.suppressedBy());
            }
            return b.toString();
        }
    }

    private final Map<String, Distinct> violations = new LinkedHashMap<>();
    private final Map<String, Distinct> suppressed = new LinkedHashMap<>();
    private final Map<String, Distinct> findings = new LinkedHashMap<>();
    private long dropped;
    private long internalErrors;
    private int reports;

    void add(Report report) {
        reports++;
        into(violations, report.violations());
        into(suppressed, report.suppressed());
        into(findings, report.findings());
        dropped += report.dropped();
        internalErrors += report.internalErrors();
    }

    private static void into(Map<String, Distinct> distinct, List<Violation> entries) {
        for (Violation v : entries) {
            Distinct d = distinct.computeIfAbsent(v.key(), k -> new Distinct(v));
            d.count += v.count();
            if (v.test() != null) {
                d.tests.add(v.test());
            }
        }
    }

    List<Distinct> violations() {
        return new ArrayList<>(violations.values());
    }

    List<Distinct> suppressed() {
        return new ArrayList<>(suppressed.values());
    }

    List<Distinct> findings() {
        return new ArrayList<>(findings.values());
    }

    long dropped() {
        return dropped;
    }

    long internalErrors() {
        return internalErrors;
    }

    int reports() {
        return reports;
    }
}
