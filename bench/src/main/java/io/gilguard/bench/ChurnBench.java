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
 * Thread churn, the RocksDB and JNA pattern: each operation is a native thread created, attached
 * to the JVM, calling back into Java once ({@code Churned.run}, an upcall under {@code acquire
 * gil}), detached and joined. With the agent that is a new thread's ledger, the upcall's
 * boundary and lock, and the native hooks' thread start and end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ChurnBench {
    private final Churned target = new Churned();

    @Setup(Level.Trial)
    public void setUp() {
        Heap.settle();
        if (AgentCheck.expectAgent()) {
            AgentCheck.requireAcquiresGil(target::run, "Churned.run");
        }
        int before = Churned.calls;
        ChurnLib.callOnNewThread(target);
        if (Churned.calls != before + 1) {
            throw new IllegalStateException("the native thread did not call back");
        }
    }

    @Benchmark
    public int attachCallDetach() {
        ChurnLib.callOnNewThread(target);
        return Churned.calls;
    }
}
