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
 * A native method that does JNI MonitorEnter then MonitorExit: under the agent both go through
 * the native hooks' wrappers (the per-thread record of JNI-entered monitors); without it, straight
 * to the JVM. The native method itself is not wrapped (no rule names it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JniMonitorBench {
    private final Object lock = new Object();

    @Setup(Level.Trial)
    public void setUp() {
        Heap.settle();
        NativeLib.monitorPair(lock);
        if (AgentCheck.expectAgent()) {
            AgentCheck.require(AgentCheck.jniMonitorsWrapped(), "the agent's JNI monitor wrappers are not on");
        }
    }

    @Benchmark
    public void pair() {
        NativeLib.monitorPair(lock);
    }
}
