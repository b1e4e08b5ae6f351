package io.gilguard.bench;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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
 * A JNI downcall that does nothing, under {@code forbid gil} (the lock is not held, so the policy
 * passes). Under the agent {@code noop} is a Java method that runs the boundary advice
 * ({@code Boundaries.enter}/{@code exit}) around the original native method, renamed with the
 * native method prefix.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DowncallBench {

    @Setup(Level.Trial)
    public void setUp() {
        Heap.settle();
        NativeLib.noop(); // loads the library: a wrong java.library.path fails here, not in the loop
        if (!AgentCheck.expectAgent()) {
            return;
        }
        boolean wrapped = false;
        for (Method m : NativeLib.class.getDeclaredMethods()) {
            if (Modifier.isNative(m.getModifiers()) && m.getName().startsWith("gilguard$") && m.getName().endsWith("noop")) {
                wrapped = true;
            }
        }
        AgentCheck.require(wrapped, "NativeLib.noop is not wrapped by the agent (no native method gilguard$...noop)");
    }

    @Benchmark
    public void noop() {
        NativeLib.noop();
    }
}
