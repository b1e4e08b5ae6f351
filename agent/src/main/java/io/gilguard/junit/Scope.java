package io.gilguard.junit;

import io.gilguard.runtime.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test, or a test class, while it runs: the violations that happened during it, each with how
 * many times, in first-seen order. Written by the threads that broke a rule, read once at its end.
 */
final class Scope {
    /** What {@link Violation#failedTest} is told: {@code CLASS#METHOD}, or {@code CLASS} for a class. */
    final String name;
    final boolean isClass;
    /** The thread that runs it, and what that thread ran before (a class around its test), restored at the end. */
    final Thread thread;
    final Scope outer;
    private final Map<Violation, long[]> seen = new LinkedHashMap<>();
    private boolean ended;

    Scope(String name, boolean isClass, Thread thread, Scope outer) {
        this.name = name;
        this.isClass = isClass;
        this.thread = thread;
        this.outer = outer;
    }

    /** One occurrence; none counts once the scope has ended (a late native thread's). */
    synchronized boolean add(Violation v) {
        if (ended) {
            return false;
        }
        seen.computeIfAbsent(v, k -> new long[1])[0]++;
        return true;
    }

    /** Ends it: what happened during it, with the counts. */
    synchronized List<Occurrences> end() {
        ended = true;
        List<Occurrences> list = new ArrayList<>(seen.size());
        seen.forEach((v, n) -> list.add(new Occurrences(v, n[0])));
        seen.clear();
        return list;
    }

    /** A distinct violation and how many times it happened in one scope. */
    static final class Occurrences {
        final Violation violation;
        final long times;

        Occurrences(Violation violation, long times) {
            this.violation = violation;
            this.times = times;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
