package io.gilguard.report;

import io.gilguard.runtime.Kind;
import io.gilguard.runtime.Sink;
import io.gilguard.runtime.Sites;
import io.gilguard.runtime.Violation;
import java.io.PrintStream;

/**
 * One line on stderr per new violation, in the style of a sanitizer report: short, grep-able,
 * stable. {@code gilguard: KIND lock=NAME thread="T" at SITE [acquired at SITE]}.
 */
public final class ConsoleSink implements Sink {
    private final PrintStream out;

    public ConsoleSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void first(Violation v) {
        out.println(line(v));
    }

    public static String line(Violation v) {
        StringBuilder b = new StringBuilder("gilguard: ").append(v.kind());
        if (v.lock() != null) {
            b.append(" lock=").append(v.lock());
        }
        b.append(" thread=\"").append(v.thread()).append("\" at ").append(Sites.format(v.site()));
        if (v.acquiredAt() > 0) {
            b.append(" acquired at ").append(Sites.format(v.acquiredAt()));
        }
        if (v.kind() == Kind.LONG_HOLD_ACROSS_NATIVE) {
            b.append(" held ").append(v.maxNanos() / 1_000_000).append(" ms");
        }
        return b.toString();
    }
}
