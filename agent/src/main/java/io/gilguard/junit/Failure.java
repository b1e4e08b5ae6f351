package io.gilguard.junit;

import io.gilguard.report.ConsoleSink;
import io.gilguard.report.Words;
import java.util.List;

/** The failure of a test (or class) for the violations that happened during it. */
final class Failure {
    private Failure() {}

    /**
     * Null if nothing happened; otherwise the error to throw, after telling each violation which
     * test failed for it (so that {@code failOn} leaves it to the test run).
     */
    static AssertionError of(Scope scope, List<Scope.Occurrences> seen) {
        if (seen.isEmpty()) {
            return null;
        }
        String during = scope.isClass ? "in this class, outside its tests" : "during this test";
        String in = scope.isClass ? "in this class" : "in this test";
        StringBuilder b = new StringBuilder("gilguard: ").append(Words.plural(seen.size(), "violation")).append(' ')
                .append(during).append(':');
        for (Scope.Occurrences o : seen) {
            o.violation.failedTest(scope.name);
            b.append('\n').append(ConsoleSink.line(o.violation)).append(ConsoleSink.frames(o.violation.stack()))
                    .append("\n(seen ").append(Words.plural((int) Math.min(o.times, Integer.MAX_VALUE), "time"))
                    .append(' ').append(in).append(')');
        }
        AssertionError e = new AssertionError(b.toString());
        // the message has the stacks that matter; the extension's own frames would only hide them
        e.setStackTrace(new StackTraceElement[0]);
        return e;
    }
}
