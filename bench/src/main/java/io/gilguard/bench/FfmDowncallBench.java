package io.gilguard.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.Optional;
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
 * An FFM downcall handle (JDK 22+) of a C function that does nothing ({@code gilbench_nothing}),
 * under {@code downcall native:gilbench_nothing forbid gil} (the lock is not held, so the policy
 * passes). Under the agent the linker returns the handle wrapped in the boundary
 * ({@code foldArguments(tryFinally(handle, exit), enter)}). bench compiles for 17, where
 * {@code java.lang.foreign} does not exist: the handle is made by reflection, and
 * {@code invokeExact} (signature-polymorphic) compiles on 17 all the same. The runner leaves this
 * row out when the forks run a JDK before 22.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FfmDowncallBench {
    static final String SYMBOL = "gilbench_nothing";
    /** A constant, as an application keeps its handles: the JIT inlines the whole wrapped handle. */
    private static final MethodHandle NOTHING = nothing();

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        Heap.settle();
        AgentCheck.require(NOTHING != null, "FFM downcall handles need JDK 22+; this fork runs " + Runtime.version());
        AgentCheck.require((int) NOTHING.invokeExact() == 0, SYMBOL + " did not return 0");
        if (AgentCheck.expectAgent()) {
            AgentCheck.require(AgentCheck.ffmBoundary(address()), "the handle of " + SYMBOL + " enters no boundary");
        }
    }

    @Benchmark
    public int call() throws Throwable {
        return (int) NOTHING.invokeExact();
    }

    /** {@code Linker.nativeLinker().downcallHandle(SymbolLookup.loaderLookup().find(SYMBOL), FunctionDescriptor.of(JAVA_INT))}. */
    private static MethodHandle nothing() {
        if (Runtime.version().feature() < 22) {
            return null;
        }
        try {
            NativeLib.noop(); // loads libgilbench in this class's loader, which loaderLookup searches
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            MethodHandles.Lookup lookup = MethodHandles.lookup(); // the caller of the caller-sensitive methods
            Object linker = lookup.findStatic(linkerType, "nativeLinker", MethodType.methodType(linkerType)).invoke();
            Object loader = lookup.findStatic(Class.forName("java.lang.foreign.SymbolLookup"), "loaderLookup",
                    MethodType.methodType(Class.forName("java.lang.foreign.SymbolLookup"))).invoke();
            Object symbol = ((Optional<?>) Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class).invoke(loader, SYMBOL))
                    .orElseThrow();
            Field javaInt = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_INT");
            Object descriptor = descriptorType.getMethod("of", layoutType, Array.newInstance(layoutType, 0).getClass())
                    .invoke(null, javaInt.get(null), Array.newInstance(layoutType, 0));
            MethodHandle make = lookup.findVirtual(linkerType, "downcallHandle", MethodType.methodType(MethodHandle.class,
                    segmentType, descriptorType, Array.newInstance(optionType, 0).getClass()));
            return (MethodHandle) make.asFixedArity().invoke(linker, symbol, descriptor, Array.newInstance(optionType, 0));
        } catch (Throwable t) {
            throw new IllegalStateException("cannot make the downcall handle of " + SYMBOL + ": " + t, t);
        }
    }

    private static long address() throws Throwable {
        Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
        Object loader = MethodHandles.lookup().findStatic(lookupType, "loaderLookup", MethodType.methodType(lookupType)).invoke();
        Object symbol = ((Optional<?>) Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class).invoke(loader, SYMBOL)).orElseThrow();
        return (long) Class.forName("java.lang.foreign.MemorySegment").getMethod("address").invoke(symbol);
    }
}
