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
 * A {@code synchronized} block. Under the agent each {@code monitorenter} is followed by
 * {@code LockHooks.acquired(monitor, site)} and each {@code monitorexit} followed by
 * {@code LockHooks.released(monitor, site)}, for every monitor of a rewritten class: the
 * tracked one goes to the ledger, the untracked one only pays the look-up. The monitors are
 * static (they escape), so the JIT cannot elide them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class MonitorBench {
    private int guarded;

    @Setup(Level.Trial)
    public void setUp() {
        Heap.settle();
        if (!AgentCheck.expectAgent()) {
            return;
        }
        int mon = AgentCheck.trackedId(Guarded.MON, "Guarded.MON", Guarded.OTHER_MON, "Guarded.OTHER_MON");
        int inside;
        synchronized (Guarded.MON) {
            inside = AgentCheck.held(mon);
        }
        AgentCheck.require(inside == 1 && AgentCheck.held(mon) == 0,
                "the synchronized blocks of MonitorBench are not rewritten (ledger count " + inside + " inside)");
    }

    @Benchmark
    public int tracked() {
        synchronized (Guarded.MON) {
            return ++guarded;
        }
    }

    @Benchmark
    public int untracked() {
        synchronized (Guarded.OTHER_MON) {
            return ++guarded;
        }
    }
}
