package io.gilguard.report;

import io.gilguard.runtime.Kind;
import io.gilguard.runtime.Sink;
import io.gilguard.runtime.Sites;
import io.gilguard.runtime.Violation;
import java.io.PrintStream;

/**
 * One line on stderr per new violation, in the style of a sanitizer report: short, grep-able,
 * stable: {@code gilguard: KIND lock=NAME thread="T" [owner="T"] [at SITE] [acquired at SITE] [hold count N] [(note)]}.
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
            b.append(v.kind().isState() ? " state=" : " lock=").append(v.lock());
        }
        b.append(" thread=\"").append(v.thread()).append('"');
        if (v.owner() != null) {
            b.append(" owner=\"").append(v.owner()).append('"');
        }
        if (v.site() > 0) {
            b.append(" at ").append(Sites.format(v.site()));
        }
        if (v.acquiredAt() > 0) {
            b.append(" acquired at ").append(Sites.format(v.acquiredAt()));
        }
        if (v.holdCount() > 0) {
            b.append(" hold count ").append(v.holdCount());
        }
        if (v.kind() == Kind.LONG_HOLD_ACROSS_NATIVE) {
            b.append(" held ").append(v.maxNanos() / 1_000_000).append(" ms");
        }
        if (v.note() != null) {
            b.append(" (").append(v.note()).append(')');
        }
        return b.toString();
    }
}
