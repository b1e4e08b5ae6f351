package io.gilguard.bench;

import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
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
 * A call of an owned object's method by its owner: under the agent the method starts with
 * {@code StateHooks.check(owner, site, this, rule, method)}, which the JIT inlines to a field read
 * and a comparison with {@code Thread.currentThread()}. The object is made in the trial's set-up,
 * on the thread that runs the benchmark (a thread-scoped state), so every call is the owner's.
 * The benchmark method is not inlined into JMH's loop: inlined, the JIT hoists the owner check
 * (a loop-invariant read and comparison) out of the loop, and the figure says nothing about one
 * call; this way every operation is one call that runs the check once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class StateBench {
    private Owned owned;

    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        Heap.settle();
        owned = new Owned();
        boolean agent = AgentCheck.expectAgent();
        Field owner = ownerField();
        if (!agent) {
            if (System.getProperty(AgentCheck.PROPERTY) != null) {
                AgentCheck.require(owner == null, "Owned has an owner field in a fork without the agent");
            }
            return;
        }
        AgentCheck.require(owner != null, "Owned was not rewritten: no gilguard$owner field");
        owner.setAccessible(true);
        AgentCheck.require(owner.get(owned) == Thread.currentThread(),
                "the owner of a new Owned is " + owner.get(owned) + ", not the benchmark thread");
    }

    @Benchmark
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public int ownerCall() {
        return owned.touch();
    }

    private static Field ownerField() {
        for (Field f : Owned.class.getDeclaredFields()) {
            if (f.getName().equals("gilguard$owner")) {
                return f;
            }
        }
        return null;
    }
}
