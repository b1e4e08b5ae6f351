package io.gilguard.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Checks, once per fork before measuring, that the fork runs as the runner meant: no agent in a
 * fork "without", and in a fork "with" an agent that really rewrote and advised the benchmark code
 * (else the benchmark would measure nothing and say "no overhead"). The runner sets the system
 * property {@value #PROPERTY} to {@code on} or {@code off}; without it nothing is checked. Reads
 * the agent's runtime (on the bootstrap class path) by reflection: bench does not depend on it.
 */
final class AgentCheck {
    static final String PROPERTY = "gilguard.bench.agent";
    private static final String RUNTIME = "io.gilguard.runtime.";

    private AgentCheck() {}

    /** True when this fork must run under the agent; throws if the fork is not as expected. */
    static boolean expectAgent() {
        String expected = System.getProperty(PROPERTY);
        if (expected == null) {
            return false;
        }
        boolean present = runtime("Ledger") != null;
        boolean on = expected.equals("on");
        require(present == on, on ? "the gilguard agent is not loaded in this fork" : "the gilguard agent is loaded in a fork meant to run without it");
        return on;
    }

    /** The agent's number for a lock object, -1 when untracked. */
    static int lockId(Object lock) {
        return (Integer) call(runtime("Locks"), "idOf", new Class<?>[] {Object.class}, null, lock);
    }

    /** The number of {@code tracked}, which a rule must name; {@code untracked} must be named by none. */
    static int trackedId(Object tracked, String trackedName, Object untracked, String untrackedName) {
        int id = lockId(tracked);
        require(id >= 0, trackedName + " is not a tracked lock");
        require(lockId(untracked) < 0, untrackedName + " is tracked, but no rule names it");
        return id;
    }

    /** The ledger count of the current thread for lock {@code id}. */
    static int held(int id) {
        return (Integer) call(runtime("Ledger"), "count", new Class<?>[] {int.class}, ledger(), id);
    }

    /** How many outermost acquisitions the current thread's ledger has seen. */
    static int acquisitions() {
        try {
            Field seq = runtime("Ledger").getDeclaredField("seq");
            seq.setAccessible(true);
            return seq.getInt(ledger());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the agent's ledger: " + e, e);
        }
    }

    /** Whether the agent's native hooks wrap JNI MonitorEnter/MonitorExit in this JVM. */
    static boolean jniMonitorsWrapped() {
        try {
            Class<?> hooks = Class.forName("io.gilguard.nativehooks.NativeHooks", false, null);
            return (Boolean) call(hooks, "isOn", new Class<?>[] {String.class}, null, "jni-monitors");
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** One call of {@code upcall} must take {@code Guarded.GIL} and give it back: its {@code acquire} policy is applied. */
    static void requireAcquiresGil(Runnable upcall, String what) {
        int gil = lockId(Guarded.GIL);
        require(gil >= 0, "Guarded.GIL is not a tracked lock");
        int before = acquisitions();
        upcall.run();
        require(acquisitions() == before + 1 && held(gil) == 0 && !Guarded.GIL.isLocked(),
                what + " does not take and give back the lock (acquire policy not applied)");
    }

    /**
     * Whether the C function at {@code address}, as the agent's symbol lookups recorded it, enters
     * a boundary: its cached code ({@code ForeignSymbols.Entry.code}) names one.
     */
    static boolean ffmBoundary(long address) {
        try {
            Method at = runtime("ForeignSymbols").getDeclaredMethod("at", long.class);
            at.setAccessible(true);
            Object entry = at.invoke(null, address);
            if (entry == null) {
                return false;
            }
            Field code = entry.getClass().getDeclaredField("code");
            code.setAccessible(true);
            return (code.getInt(entry) >>> 1) - 2 >= 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the agent's FFM symbols: " + e, e);
        }
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("bench self-check: " + message);
        }
    }

    private static Object ledger() {
        return call(runtime("Ledger"), "current", new Class<?>[0], null);
    }

    private static Class<?> runtime(String name) {
        try {
            return Class.forName(RUNTIME + name, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static Object call(Class<?> type, String name, Class<?>[] parameters, Object target, Object... args) {
        try {
            Method m = type.getMethod(name, parameters);
            return m.invoke(target, args);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot call the agent's " + type.getSimpleName() + "." + name + ": " + e, e);
        }
    }
}
