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
 * {@link UpcallBench} with the callback written as a lambda: the advice of {@code acquire gil}
 * is on the lambda's body ({@code lambda$…}), reached through the JDK's hidden lambda class.
 * Its row compares it with {@code UpcallBench.handLocked} without the agent: the lock by hand
 * around the same body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class LambdaUpcallBench {
    private int delta = 1;
    private Tick tick;

    @Setup(Level.Trial)
    public void setUp() {
        Heap.settle();
        tick = d -> Callbacks.state += d;
        if (!AgentCheck.expectAgent()) {
            return;
        }
        AgentCheck.requireAcquiresGil(() -> tick.apply(0), "the lambda's body");
    }

    @Benchmark
    public int advised() {
        return tick.apply(delta);
    }
}
