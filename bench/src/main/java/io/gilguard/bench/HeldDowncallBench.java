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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A JNI downcall that does nothing, made while the benchmark thread holds a tracked lock
 * ({@code Guarded.HELD}, taken once for the whole trial): under the agent the boundary times the
 * call for the hold ({@code System.nanoTime()} at entry and exit), which a downcall made holding
 * no tracked lock ({@link DowncallBench}) never does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class HeldDowncallBench {

    @Setup(Level.Trial)
    public void setUp() {
        Heap.settle();
        NativeLib.noopHeld();
        Guarded.HELD.lock(); // on the benchmark thread (a Thread-scoped state's set-up runs there)
        if (!AgentCheck.expectAgent()) {
            return;
        }
        boolean wrapped = false;
        for (Method m : NativeLib.class.getDeclaredMethods()) {
            if (Modifier.isNative(m.getModifiers()) && m.getName().startsWith("gilguard$")
                    && m.getName().endsWith("noopHeld")) {
                wrapped = true;
            }
        }
        AgentCheck.require(wrapped, "NativeLib.noopHeld is not wrapped by the agent (no native method gilguard$...noopHeld)");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Guarded.HELD.unlock();
    }

    @Benchmark
    public void noop() {
        NativeLib.noopHeld();
    }
}
