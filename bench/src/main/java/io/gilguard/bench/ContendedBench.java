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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two threads on one tracked lock (issue: speed, item 5): each lock()/unlock() pair may wait for
 * the other thread, so the agent's hook before lock() (a CONTENDED wait's start) and its ledger
 * work run on a contended path. ns/op is per pair, per thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@Threads(2)
public class ContendedBench {
    private int guarded;

    @Setup(Level.Trial)
    public void setUp() {
        Heap.settle();
        if (AgentCheck.expectAgent()) {
            AgentCheck.trackedId(Guarded.GIL, "Guarded.GIL", Guarded.OTHER, "Guarded.OTHER");
        }
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
}
