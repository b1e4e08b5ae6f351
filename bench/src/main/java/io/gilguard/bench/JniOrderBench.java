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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two ways JNI monitors come into the lock-order graph, once the graph knows the order (the
 * steady state): native code entering a monitor under a watched native method called holding a
 * tracked lock (the downcall writes the lock-order key, the MonitorEnter wrapper finds the object
 * told under that key among its spares: no call into Java), and a callback taking a lock while
 * its native caller holds a JNI monitor (the acquisition reads the held monitors' nodes from the
 * thread's JNI record: no JNI call). Without the agent, the same JNI code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JniOrderBench {
    private final Object lock = new Object();

    @Setup(Level.Trial)
    public void setUp() {
        Heap.settle();
        Guarded.HELD.lock(); // on the benchmark thread, for heldPair
        NativeLib.monitorPairHeld(lock);
        NativeLib.callbackUnderMonitor(lock, 1);
        if (AgentCheck.expectAgent()) {
            AgentCheck.require(AgentCheck.jniMonitorsWrapped(), "the agent's JNI monitor wrappers are not on");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Guarded.HELD.unlock();
    }

    @Benchmark
    public void heldPair() {
        NativeLib.monitorPairHeld(lock);
    }

    @Benchmark
    public int callbackUnderMonitor() {
        return NativeLib.callbackUnderMonitor(lock, 1);
    }
}
