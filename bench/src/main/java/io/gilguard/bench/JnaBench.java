package io.gilguard.bench;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
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
 * A JNA interface call of a C function that does nothing, under
 * {@code downcall native:gilbench_jna_noop forbid gil} (the lock is not held, so the policy
 * passes). Under the agent, JNA's {@code Function.invoke} runs the boundary around the native
 * call, found by the function's C name ({@code JnaFunctions}). JNA's own cost (the proxy, the
 * argument conversion, {@code Native.invokeInt}) is in both columns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JnaBench {

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Heap.settle();
        JnaLib.INSTANCE.gilbench_jna_noop(); // loads JNA and the library: a wrong path fails here
        if (!AgentCheck.expectAgent()) {
            return;
        }
        Function f = NativeLibrary.getInstance(JnaLib.PATH).getFunction("gilbench_jna_noop");
        // the boundary the advice in Function.invoke enters for this name (-1: none, nothing measured)
        int boundary = (int) Class.forName("io.gilguard.runtime.JnaFunctions", false, null)
                .getMethod("boundary", String.class, Object.class).invoke(null, "gilbench_jna_noop", f);
        AgentCheck.require(boundary >= 0, "no boundary for the JNA function gilbench_jna_noop");
    }

    @Benchmark
    public int call() {
        return JnaLib.INSTANCE.gilbench_jna_noop();
    }
}
