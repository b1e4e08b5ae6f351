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
 * An upcall under {@code acquire gil}. {@link #advised} calls {@code Callbacks.callback}, whose
 * advice takes the lock around the body when the agent runs (and nothing when it does not);
 * {@link #handLocked} is what one writes without the agent: the lock by hand around the same body.
 * The fair comparison is {@code handLocked} without the agent against {@code advised} with it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class UpcallBench {
    private int delta = 1;

    @Setup(Level.Trial)
    public void setUp() {
        Heap.settle();
        if (!AgentCheck.expectAgent()) {
            return;
        }
        AgentCheck.requireAcquiresGil(() -> Callbacks.callback(0), "Callbacks.callback");
    }

    @Benchmark
    public int advised() {
        return Callbacks.callback(delta);
    }

    @Benchmark
    public int handLocked() {
        Guarded.GIL.lock();
        try {
            return Callbacks.state += delta;
        } finally {
            Guarded.GIL.unlock();
        }
    }
}
