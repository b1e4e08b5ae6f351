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
 * A {@code synchronized} method of a monitor family's class. Under the agent the method's advice
 * tells the ledger on entry and exit: the family is found from the object's class (a
 * {@code ClassValue}), and the object is kept in the thread's short list of members it holds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FamilyBench {
    @Setup(Level.Trial)
    public void setUp() {
        Heap.settle();
        if (!AgentCheck.expectAgent()) {
            return;
        }
        int before = AgentCheck.acquisitions();
        Connection.SHARED.step();
        AgentCheck.require(AgentCheck.acquisitions() == before + 1,
                "Connection.step's monitor is not followed (is the monitor family in bench.rules?)");
    }

    @Benchmark
    public int synchronizedMethod() {
        return Connection.SHARED.step();
    }
}
