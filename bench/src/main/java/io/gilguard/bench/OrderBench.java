package io.gilguard.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two tracked locks nested: {@code GIL.lock()}, then {@code synchronized (MON)} inside. Under the
 * agent the inner acquisition is one taken while holding another, the only kind the lock-order
 * graph looks at: after the first, a look-up in the thread's table of known edges (gil → mon).
 * The guarded counter is returned, so JMH consumes it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class OrderBench {
    private int guarded;

    @Setup(Level.Trial)
    public void setUp() {
        Heap.settle();
        if (!AgentCheck.expectAgent()) {
            return;
        }
        int gil = AgentCheck.trackedId(Guarded.GIL, "Guarded.GIL", Guarded.OTHER, "Guarded.OTHER");
        int mon = AgentCheck.trackedId(Guarded.MON, "Guarded.MON", Guarded.OTHER_MON, "Guarded.OTHER_MON");
        int inside;
        Guarded.GIL.lock();
        try {
            synchronized (Guarded.MON) {
                inside = AgentCheck.held(gil) + AgentCheck.held(mon);
            }
        } finally {
            Guarded.GIL.unlock();
        }
        AgentCheck.require(inside == 2 && AgentCheck.held(gil) == 0 && AgentCheck.held(mon) == 0,
                "the nested call sites of OrderBench are not rewritten (ledger counts " + inside + " inside)");
    }

    @Benchmark
    public int nested() {
        Guarded.GIL.lock();
        try {
            synchronized (Guarded.MON) {
                return ++guarded;
            }
        } finally {
            Guarded.GIL.unlock();
        }
    }
}
