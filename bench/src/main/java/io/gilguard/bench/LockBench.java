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
 * An uncontended {@code lock()/unlock()} pair. Under the agent both call sites keep their call and
 * tell {@code LockHooks}: {@code acquired(lock, site)} after {@code lock()}, {@code released(lock,
 * site)} before {@code unlock()}. For a tracked lock that is the ledger; for an untracked one, only
 * the look-up that says so.
 * The guarded counter is returned, so JMH consumes it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class LockBench {
    private int guarded;

    @Setup(Level.Trial)
    public void setUp() {
        Heap.settle();
        if (!AgentCheck.expectAgent()) {
            return;
        }
        int gil = AgentCheck.trackedId(Guarded.GIL, "Guarded.GIL", Guarded.OTHER, "Guarded.OTHER");
        int inside;
        Guarded.GIL.lock();
        try {
            inside = AgentCheck.held(gil);
        } finally {
            Guarded.GIL.unlock();
        }
        AgentCheck.require(inside == 1 && AgentCheck.held(gil) == 0,
                "the lock()/unlock() call sites of LockBench are not rewritten (ledger count " + inside + " inside)");
    }

    @Benchmark
    public int tracked() {
        Guarded.GIL.lock();
        try {
            return ++guarded;
        } finally {
            Guarded.GIL.unlock();
        }
    }

    @Benchmark
    public int untracked() {
        Guarded.OTHER.lock();
        try {
            return ++guarded;
        } finally {
            Guarded.OTHER.unlock();
        }
    }
}
