package io.gilguard.nativehooks;

import java.util.Arrays;

/**
 * A quick timing (not JMH) of what the hooks cost, in one JVM: JNI MonitorEnter/MonitorExit pairs
 * in a C loop before and after the wrappers are installed, and the depth reads from Java.
 * Prints "TIMING name median min" in ns per operation. See native/PERFORMANCE.md.
 */
final class Timing {
    private static final int ROUNDS = 9;
    private static final int PAIRS = 1_000_000;
    private static final int CALLS = 20_000_000;

    private Timing() {}

    interface Measure {
        /** Nanoseconds per operation for one round. */
        double round();
    }

    static void report(String name, Measure m) {
        m.round(); // warm-up
        double[] r = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) r[i] = m.round();
        Arrays.sort(r);
        Scenario.print(String.format("TIMING %-28s median %6.1f  min %6.1f ns", name, r[ROUNDS / 2], r[0]));
    }

    static volatile int sink;

    static void run() {
        Object a = new Object();
        Object b = new Object();
        report("pair, no hooks", () -> TestNatives.timePairs(a, PAIRS) / (double) PAIRS);
        report("nested 2, no hooks", () -> TestNatives.timeNested(a, b, PAIRS) / (double) PAIRS);
        report("static native nop()", () -> {
            long t = System.nanoTime();
            int s = 0;
            for (int i = 0; i < CALLS; i++) s += TestNatives.nop();
            sink = s;
            return (System.nanoTime() - t) / (double) CALLS;
        });

        String loaded = NativeHooks.load(new Scenario.Printer());
        Scenario.out("load " + loaded + ", fast identity " + NativeHooks.fastIdentity0());

        report("pair, hooks", () -> TestNatives.timePairs(a, PAIRS) / (double) PAIRS);
        report("nested 2, hooks", () -> TestNatives.timeNested(a, b, PAIRS) / (double) PAIRS);
        report("jniMonitorDepth()", () -> {
            long t = System.nanoTime();
            int s = 0;
            for (int i = 0; i < CALLS; i++) s += NativeHooks.jniMonitorDepth();
            sink = s;
            return (System.nanoTime() - t) / (double) CALLS;
        });
        long r = JniRecord.address();
        report("JniRecord.get(DEPTH)", () -> {
            long t = System.nanoTime();
            int s = 0;
            for (int i = 0; i < CALLS; i++) s += JniRecord.get(r, JniRecord.DEPTH);
            sink = s;
            return (System.nanoTime() - t) / (double) CALLS;
        });
        report("nop() + JniRecord.get(DEPTH)", () -> {
            long t = System.nanoTime();
            int s = 0;
            for (int i = 0; i < CALLS; i++) s += TestNatives.nop() + JniRecord.get(r, JniRecord.DEPTH);
            sink = s;
            return (System.nanoTime() - t) / (double) CALLS;
        });
        report("nop() + jniMonitorDepth()", () -> {
            long t = System.nanoTime();
            int s = 0;
            for (int i = 0; i < CALLS; i++) s += TestNatives.nop() + NativeHooks.jniMonitorDepth();
            sink = s;
            return (System.nanoTime() - t) / (double) CALLS;
        });
    }
}
