package io.gilguard.report;

import io.gilguard.runtime.Kind;
import io.gilguard.runtime.Sink;
import io.gilguard.runtime.Sites;
import io.gilguard.runtime.Stderr;
import io.gilguard.runtime.Violation;
import io.gilguard.runtime.OrderEdge;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/**
 * One line on stderr per new violation, in the style of a sanitizer report: short, grep-able,
 * stable: {@code gilguard: KIND lock=NAME [object=CLASS@HASH] thread="T" [owner="T"] [at SITE] [native=SYMBOL] [acquired at SITE] [hold count N] [held N ms in C native calls of a T ms hold: METHOD N ms xC, ...] [(note)]}.
 * For thread state, {@code state=LABEL} instead of {@code lock=}, and the owner's site says how
 * it came to own the state: {@code created at}, {@code bound at} or {@code saved at}; a token
 * restored twice adds {@code first restored at SITE}. Under {@code enforce} this line is also the
 * message of the error thrown. Under the line, the stack of the violating thread
 * ({@code stacks=N}), as Java prints a throwable's; a suppressed violation is one line,
 * {@code gilguard: suppressed (REASON): KIND ...}. A lock-order inversion names the lock whose
 * acquisition closed the cycle and where, then the cycle, each edge as its thread took it:
 * {@code cycle a -> b -> a: "T1" took b at SITE holding a taken at SITE; "T2" took a at SITE holding b taken at SITE}
 * (a JNI monitor goes by {@code jni:CLASS}; where a native thread entered it, {@code taken in native code});
 * under the stack, each other edge's thread's stack when it took its lock.
 */
public final class ConsoleSink implements Sink {
    private final PrintStream out;

    /** {@code out}: the stream found at start-up ({@link Stderr#stream}), which a test runner's swap does not close. */
    public ConsoleSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void first(Violation v) {
        Stderr.line(out, v.suppressedBy() != null ? "gilguard: suppressed (" + v.suppressedBy() + "): " + line(v).substring("gilguard: ".length())
                : line(v) + frames(v.stack()) + edgeFrames(v));
    }

    /** The stacks of a cycle's edges but the last (whose stack is the report's own), each under a line naming it. */
    private static String edgeFrames(Violation v) {
        StringBuilder b = new StringBuilder();
        List<OrderEdge> cycle = v.cycle();
        for (int i = 0; i + 1 < cycle.size(); i++) {
            OrderEdge e = cycle.get(i);
            StackTraceElement[] stack = e.stack();
            if (stack.length > 0) {
                b.append("\n\tedge ").append(e.from()).append(" -> ").append(e.to()).append(", thread \"")
                        .append(e.thread()).append("\":").append(frames(stack));
            }
        }
        return b.toString();
    }

    /** The stack under the line, one {@code \tat FRAME} each, as Java prints a throwable's. */
    public static String frames(StackTraceElement[] stack) {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement frame : stack) {
            b.append("\n\tat ").append(frame);
        }
        return b.toString();
    }

    /** {@link #line} as a {@code Function} ({@link io.gilguard.runtime.Enforce#format}); not a method reference (NoLambdaTest). */
    public static final Function<Violation, String> LINE = new Function<>() {
        @Override
        public String apply(Violation v) {
            return line(v);
        }
    };

    public static String line(Violation v) {
        StringBuilder b = new StringBuilder("gilguard: ").append(v.kind());
        if (v.lock() != null) {
            b.append(v.isState() ? " state=" : " lock=").append(v.lock());
        }
        if (v.member() != null) {
            b.append(" object=").append(v.member());
        }
        b.append(" thread=\"").append(v.thread()).append('"');
        if (v.owner() != null) {
            b.append(" owner=\"").append(v.owner()).append('"');
        }
        if (v.site() > 0) {
            b.append(" at ").append(Sites.format(v.site()));
        }
        if (v.symbol() != null) {
            b.append(" native=").append(v.symbol());
        }
        if (v.acquiredAt() > 0) {
            b.append(' ').append(v.origin() != null ? v.origin() : "acquired").append(" at ").append(Sites.format(v.acquiredAt()));
        }
        if (v.priorSite() > 0) {
            b.append(" first restored at ").append(Sites.format(v.priorSite()));
        }
        if (v.holdCount() > 0) {
            b.append(" hold count ").append(v.holdCount());
        }
        if (v.kind() == Kind.LONG_HOLD_ACROSS_NATIVE) {
            b.append(" held ").append(v.maxNanos() / 1_000_000).append(" ms");
            if (v.hold() != null) {
                b.append(' ').append(v.hold());
            }
        }
        if (v.kind() == Kind.CONTENDED) {
            b.append(" waited ").append(v.maxNanos() / 1_000_000).append(" ms");
        }
        if (!v.cycle().isEmpty()) {
            cycle(b, v.cycle());
        }
        if (v.note() != null) {
            b.append(" (").append(v.note()).append(')');
        }
        return b.toString();
    }

    /** {@code cycle a -> b -> a: "T1" took b at SITE holding a taken at SITE; ...}. */
    private static void cycle(StringBuilder b, List<OrderEdge> cycle) {
        b.append(" cycle");
        for (OrderEdge e : cycle) {
            b.append(' ').append(e.from()).append(" ->");
        }
        b.append(' ').append(cycle.get(0).from()).append(':');
        for (int i = 0; i < cycle.size(); i++) {
            OrderEdge e = cycle.get(i);
            b.append(i == 0 ? " \"" : "; \"").append(e.thread()).append("\" took ").append(e.to()).append(' ')
                    .append(where(e.site())).append(" holding ").append(e.from()).append(" taken ")
                    .append(e.heldAt() == 0 && e.heldNatively() ? "in native code" : where(e.heldAt()));
        }
    }

    /**
     * {@code at SITE}, or for site 0 (an acquire policy's hold) {@code by a policy}; a JNI
     * monitor entered by native code with no Java frame under it (a native thread's) is
     * {@code taken in native code}.
     */
    private static String where(int site) {
        return site > 0 ? "at " + Sites.format(site) : "by a policy";
    }
}
