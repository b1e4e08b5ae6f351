package io.gilguard.nativehooks;

import java.io.File;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The main of the child JVMs that NativeHooksTest starts: one scenario per run (args[0]). Listener
 * callbacks are printed as "CB ..." lines, the scenario's own observations as "OUT ..." lines.
 */
public final class Scenario {

    /** A lock object that prints as its name. */
    static final class Lock {
        private final String name;

        Lock(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final Lock A = new Lock("A");
    static final Lock B = new Lock("B");
    static final Lock C = new Lock("C");

    private Scenario() {}

    static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static void out(String line) {
        print("OUT " + line);
    }

    private static String name(Thread t) {
        return t == null ? "null" : t.getName();
    }

    /** Prints every callback; thread ends only for the scenario's own threads or when monitors are held. */
    static final class Printer implements NativeHooks.Listener {
        @Override
        public void threadEnding(Thread thread, Object[] jniMonitors) {
            if (jniMonitors.length > 0 || thread.getName().startsWith("gg-")) {
                print("CB threadEnding " + name(thread) + " " + Arrays.toString(jniMonitors));
            }
            if (thread.getName().equals("gg-sites")) {
                // on the ending thread, whose record is still there
                print("CB threadEnding sites " + Arrays.toString(NativeHooks.jniMonitorSites(jniMonitors)));
            }
        }

        @Override
        public void unpairedMonitorExit(Thread thread, Object monitor) {
            print("CB unpairedMonitorExit " + name(thread) + " " + monitor);
        }

        @Override
        public void exitedAttached(Thread thread) {
            print("CB exitedAttached " + name(thread) + " current=" + (thread == Thread.currentThread()));
        }

        @Override
        public void foreignEnv(String function, Thread owner, Thread user) {
            print("CB foreignEnv " + function + " " + name(owner) + " " + name(user));
        }

        @Override
        public void checkOff(String check, String reason) {
            print("CB checkOff " + check + " " + reason);
        }

        @Override
        public void jniMonitorEntering(Thread thread, Object monitor) {
            print("CB entering " + name(thread) + " " + monitor);
        }
    }

    static String load() {
        String result = NativeHooks.load(new Printer());
        out("load " + result);
        return result;
    }

    static void runThread(String name, Runnable body) throws InterruptedException {
        Thread t = new Thread(body, name);
        t.start();
        t.join();
    }

    /** Whether another thread can lock o within 5 s. */
    static boolean free(Object o) throws InterruptedException {
        Thread t = new Thread(() -> {
            synchronized (o) {
                o.hashCode();
            }
        }, "probe");
        t.setDaemon(true);
        t.start();
        t.join(5000);
        return !t.isAlive();
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static volatile Object sink;

    static void churn(int n) {
        for (int i = 0; i < n; i++) sink = new byte[64];
    }

    static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) n += gc.getCollectionCount();
        return n;
    }

    static void stress() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        Thread gc = new Thread(() -> {
            while (!stop.get()) {
                System.gc();
                churn(50_000);
            }
        }, "collector");
        gc.setDaemon(true);
        long before = collections();
        gc.start();
        AtomicLong errors = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            workers.add(new Thread(() -> {
                Object[] locks = new Object[3];
                for (int i = 0; i < 300_000; i++) {
                    if (i % 500 == 0) {
                        for (int k = 0; k < locks.length; k++) locks[k] = new Object(); // young objects move
                    }
                    Object a = locks[i % 3];
                    Object b = locks[(i + 1) % 3];
                    TestNatives.enter(a);
                    TestNatives.enter(b);
                    TestNatives.enter(a);
                    if (NativeHooks.jniMonitorDepth() != 3) errors.incrementAndGet();
                    TestNatives.exit(a); // out of order on purpose
                    TestNatives.exit(b);
                    TestNatives.exit(a);
                    if (NativeHooks.jniMonitorDepth() != 0) errors.incrementAndGet();
                    if (i % 64 == 0) sink = new byte[256];
                }
            }, "gg-w" + w));
        }
        for (Thread t : workers) t.start();
        for (Thread t : workers) t.join();
        stop.set(true);
        gc.join();
        out("depth errors " + errors.get());
        out("collections > 10 " + (collections() - before > 10));
        out("fast identity " + NativeHooks.fastIdentity0());
    }

    /** An unstarted virtual thread (JDK 21+; reflection keeps this compiling for 17), or null before 21. */
    static Thread virtualThread(String name, Runnable body) throws ReflectiveOperationException {
        Object builder;
        try {
            builder = Thread.class.getMethod("ofVirtual").invoke(null);
        } catch (NoSuchMethodException e) {
            return null;
        }
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        builder = ofVirtual.getMethod("name", String.class).invoke(builder, name);
        return (Thread) ofVirtual.getMethod("unstarted", Runnable.class).invoke(builder, body);
    }

    /** JNI calls a native method makes: run between the two reads of the view. */
    interface Body {
        void run();
    }

    /**
     * A downcall as the agent checks it: enters heldBefore (the caller's JNI monitors), reads the
     * record, runs body, and prints what a downcall's exit would see: "unchanged" when the record
     * says nothing can have been kept (the fast path), else what jniMonitorsSince names. Then
     * exits every JNI monitor still held, so that each case starts empty.
     */
    static void since(String label, Object[] heldBefore, Body body) {
        for (Object o : heldBefore) TestNatives.enter(o);
        long r = JniRecord.address();
        int depth = JniRecord.get(r, JniRecord.DEPTH);
        int seq = JniRecord.get(r, JniRecord.SEQ);
        body.run();
        out("since " + label + ": " + kept(r, seq, depth));
        exitAll();
    }

    /** The runtime's test (JniMonitors.changed): from depth 0, anything held was entered since. */
    static String kept(long r, int seq, int depth) {
        boolean changed = JniRecord.get(r, JniRecord.DEPTH) > 0 && (depth == 0 || JniRecord.get(r, JniRecord.SEQ) != seq);
        return changed ? Arrays.toString(NativeHooks.jniMonitorsSince(seq, depth)) : "unchanged";
    }

    /** What the record says of lock-order nodes ("nodes LO HI UNKNOWN"), after each step. */
    private static void orderCases() {
        long r = JniRecord.address();
        Runnable nodes = () -> out("nodes " + JniRecord.get(r, JniRecord.NODES_LOW) + " " + JniRecord.get(r, JniRecord.NODES_HIGH)
                + " " + JniRecord.get(r, JniRecord.UNTOLD) + " gen " + JniRecord.get(r, JniRecord.GENERATION));
        TestNatives.enter(A);
        nodes.run(); // not told: unknown
        NativeHooks.jniMonitorNodes(new Object[] {A}, new int[] {3});
        nodes.run();
        TestNatives.exit(A);
        nodes.run();
        TestNatives.enter(A); // handed on through the spares: known at once
        nodes.run();
        TestNatives.enter(B);
        NativeHooks.jniMonitorNodes(new Object[] {B}, new int[] {40});
        nodes.run();
        TestNatives.exit(B);
        TestNatives.exit(A);
        nodes.run();
        // a new graph: A's node, handed on through the spares, is stale; told again, in the new one
        TestNatives.enter(A);
        out("new generation " + NativeHooks.newJniMonitorNodes());
        TestNatives.enter(B); // the sum is made again: A's node and B's unknown
        TestNatives.exit(B);
        nodes.run();
        NativeHooks.jniMonitorNodes(new Object[] {A}, new int[] {4});
        nodes.run();
        TestNatives.exit(A);
        // the key: while it is set, each entry of an object not held is told, once per key
        out("key " + JniRecord.get(r, JniRecord.KEY));
        TestNatives.enterExit(C); // key 0: not told
        JniRecord.put(r, JniRecord.KEY, 5);
        TestNatives.enter(C);
        TestNatives.enter(C); // a reentry: not told
        TestNatives.exit(C);
        TestNatives.exit(C);
        TestNatives.enterExit(C); // told under this key already
        JniRecord.put(r, JniRecord.KEY, 6);
        TestNatives.enterExit(C);
        JniRecord.put(r, JniRecord.KEY, 0);
        TestNatives.enterExit(C);
        out("told");
    }

    static void exitAll() {
        for (Object o : NativeHooks.jniMonitors()) {
            while (Thread.holdsLock(o)) TestNatives.exit(o);
        }
    }

    static Object[] held(Object... monitors) {
        return monitors;
    }

    /** The cases of jniMonitorsSince, each a native method's JNI calls between the two reads. */
    static void sinceCases() {
        since("enter", held(), () -> TestNatives.enter(B));
        // the caller's A exited, B entered: same depth, B kept
        since("swap", held(A), () -> TestNatives.swap(A, B));
        // ... and swapped back: A is held as before, nothing kept
        since("swap back", held(A), () -> {
            TestNatives.swap(A, B);
            TestNatives.swap(B, A);
        });
        // ... swapped back three times (the record remembers three earlier holds), or five
        since("swap back three times", held(A), () -> {
            for (int i = 0; i < 3; i++) {
                TestNatives.swap(A, B);
                TestNatives.swap(B, A);
            }
        });
        since("swap back five times", held(A), () -> {
            for (int i = 0; i < 5; i++) {
                TestNatives.swap(A, B);
                TestNatives.swap(B, A);
            }
        });
        // B, held and released by the cases before, entered twice in this call and kept
        since("enter, exit, enter", held(), () -> {
            TestNatives.enterExit(B);
            TestNatives.enter(B);
        });
        since("reenter", held(A), () -> TestNatives.enter(A));
        since("reenter twice, exit once", held(A), () -> {
            TestNatives.enter(A);
            TestNatives.enter(A);
            TestNatives.exit(A);
        });
        since("reenter and exit", held(A, A), () -> {
            TestNatives.enter(A);
            TestNatives.exit(A);
        });
        since("enter one below the newest", held(A, B), () -> TestNatives.enter(A));
        since("exit an older one", held(A, B), () -> TestNatives.exit(A));
        since("pair", held(A), () -> TestNatives.enterExit(B));
        since("pair, nothing held", held(), () -> TestNatives.enterExit(B));
        since("nothing", held(A), TestNatives::nop);
        since("each once, oldest first", held(), () -> {
            TestNatives.enter(C);
            TestNatives.enter(B);
            TestNatives.enter(C);
        });
        // a downcall inside a downcall (through an upcall): the inner one entered A, which the
        // outer one's caller held and the outer one had exited
        TestNatives.enter(A);
        long r = JniRecord.address();
        int outerDepth = JniRecord.get(r, JniRecord.DEPTH);
        int outerSeq = JniRecord.get(r, JniRecord.SEQ);
        TestNatives.exit(A);
        int innerDepth = JniRecord.get(r, JniRecord.DEPTH);
        int innerSeq = JniRecord.get(r, JniRecord.SEQ);
        TestNatives.enter(A);
        out("since nested, inner: " + kept(r, innerSeq, innerDepth));
        out("since nested, outer: " + kept(r, outerSeq, outerDepth));
        exitAll();
    }

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        // "<base>-fixed": the fixed twin; "<base>-nohooks": the same without gilguard
        boolean noHooks = scenario.endsWith("-nohooks");
        String base = noHooks ? scenario.substring(0, scenario.length() - "-nohooks".length()) : scenario;
        boolean fixed = base.endsWith("-fixed");
        if (fixed) base = base.substring(0, base.length() - "-fixed".length());
        if (!noHooks && !base.equals("before-load") && !base.equals("timing")
                && !base.equals("identity-later")) load();

        switch (base) {
            case "leak-downcall":
                runThread("gg-leaker", () -> {
                    int rc = fixed ? TestNatives.enterExit(A) : TestNatives.enter(A);
                    out("rc " + rc + " depth " + NativeHooks.jniMonitorDepth() + " record "
                            + JniRecord.get(JniRecord.address(), JniRecord.DEPTH));
                });
                break;

            case "sites": // the number the caller gives the frame running native code, kept by new entries
                runThread("gg-sites", () -> {
                    long r = JniRecord.address();
                    JniRecord.put(r, JniRecord.SITE, 7);
                    TestNatives.enter(A);
                    JniRecord.put(r, JniRecord.SITE, 9);
                    TestNatives.enter(A); // a reentry keeps what its entry has
                    TestNatives.enter(B);
                    JniRecord.put(r, JniRecord.SITE, 0);
                    out("sites " + Arrays.toString(NativeHooks.jniMonitorSites(new Object[] {A, B, C})) + " record "
                            + JniRecord.get(r, JniRecord.SITE));
                    if (fixed) exitAll();
                });
                break;
            case "record": // the record at its address, as the boundaries read and write it
                runThread("gg-record", () -> {
                    long r = JniRecord.address();
                    if (r == 0) {
                        out("record address 0");
                        return;
                    }
                    JniRecord.put(r, JniRecord.SITE, 7);
                    int seq = JniRecord.get(r, JniRecord.SEQ);
                    TestNatives.enter(A);
                    int depth = JniRecord.get(r, JniRecord.DEPTH);
                    out("record depth " + depth + " as jniMonitorDepth() " + (depth == NativeHooks.jniMonitorDepth())
                            + ", seq moved " + (JniRecord.get(r, JniRecord.SEQ) != seq) + ", sites "
                            + Arrays.toString(NativeHooks.jniMonitorSites(new Object[] {A})));
                    JniRecord.put(r, JniRecord.SITE, 0);
                    exitAll();
                    out("record depth " + JniRecord.get(r, JniRecord.DEPTH) + " site " + JniRecord.getPair(r, JniRecord.SITE));
                });
                break;
            case "order": // the lock-order key and nodes the agent keeps in the record
                runThread("gg-order", Scenario::orderCases);
                break;
            case "since": // what a downcall kept, for jniMonitorsSince
                runThread("gg-since", Scenario::sinceCases);
                break;

            case "virtual-end": { // a virtual thread ends: JVMTI VirtualThreadEnd (JDK 21+)
                Thread t = virtualThread("gg-virtual", () -> out("ran on a virtual thread"));
                if (t == null) {
                    out("virtual threads: not in this JDK");
                    break;
                }
                t.start();
                t.join();
                out("virtual thread end " + NativeHooks.virtualThreadEnd0());
                break;
            }

            case "duplicates": // A entered again below the newest entry: two entries, one report
                runThread("gg-dup", () -> {
                    TestNatives.enter(A);
                    TestNatives.enter(B);
                    TestNatives.enter(A);
                    if (fixed) exitAll();
                    out("depth " + NativeHooks.jniMonitorDepth());
                });
                break;

            case "nesting": // leaks A (entered twice, exited once) and B; the fixed twin exits all
                runThread("gg-nest", () -> {
                    StringBuilder depths = new StringBuilder("depths");
                    TestNatives.enter(A);
                    depths.append(' ').append(NativeHooks.jniMonitorDepth());
                    TestNatives.enter(A);
                    depths.append(' ').append(NativeHooks.jniMonitorDepth());
                    TestNatives.enter(B);
                    depths.append(' ').append(NativeHooks.jniMonitorDepth());
                    TestNatives.exit(A); // out of order: legal in JNI
                    depths.append(' ').append(NativeHooks.jniMonitorDepth());
                    if (fixed) {
                        TestNatives.exit(B);
                        depths.append(' ').append(NativeHooks.jniMonitorDepth());
                        TestNatives.exit(A);
                        depths.append(' ').append(NativeHooks.jniMonitorDepth());
                    }
                    out(depths.toString());
                });
                break;

            case "uncaught": {
                Thread t = new Thread(() -> {
                    TestNatives.enter(A);
                    try {
                        throw new IllegalStateException("boom");
                    } finally {
                        if (fixed) TestNatives.exit(A);
                    }
                }, "gg-dies");
                t.setUncaughtExceptionHandler((thread, e) -> out("uncaught " + e.getMessage()));
                t.start();
                t.join();
                break;
            }

            case "native-detach-holding": {
                int rc = TestNatives.nativeThread("gg-native", A, B,
                        fixed ? TestNatives.ENTER2_EXIT2_DETACH : TestNatives.ENTER2_DETACH);
                out("rc " + rc);
                out("A free " + free(A) + ", B free " + free(B));
                break;
            }

            case "unpaired-exit":
                if (fixed) {
                    TestNatives.enter(C);
                    out("exit rc " + TestNatives.exit(C) + " depth " + NativeHooks.jniMonitorDepth());
                } else {
                    try {
                        out("exit rc " + TestNatives.exit(C));
                    } catch (IllegalMonitorStateException e) {
                        out("exit threw IllegalMonitorStateException, depth " + NativeHooks.jniMonitorDepth());
                    }
                }
                break;

            case "sync-exit": // JNI MonitorExit of a monitor entered by synchronized
                try {
                    synchronized (C) {
                        if (fixed) {
                            TestNatives.enter(C);
                            out("exit rc " + TestNatives.exit(C));
                        } else {
                            try {
                                out("exit rc " + TestNatives.exit(C));
                            } catch (IllegalMonitorStateException e) {
                                out("exit threw IllegalMonitorStateException");
                            }
                            // what the JVM did: is C still locked by this synchronized block?
                            out("C free inside synchronized " + free(C));
                            // Leaving the block now is undefined: if C's monitor has been deflated
                            // meanwhile, HotSpot 17 and 25 spin for ever at the end of this method.
                            out("end");
                            Runtime.getRuntime().halt(0);
                        }
                    }
                } catch (IllegalMonitorStateException e) {
                    out("end of synchronized threw IllegalMonitorStateException");
                }
                break;

            case "exit-attached": {
                int rc = TestNatives.nativeThread("gg-zombie", A, null,
                        fixed ? TestNatives.ATTACH_DETACH : TestNatives.ENTER_RETURN);
                out("rc " + rc);
                out("A free " + free(A));
                break;
            }

            case "exit-attached-plain": {
                out("rc " + TestNatives.nativeThread("gg-zombie", null, null, TestNatives.ATTACH_RETURN));
                break;
            }

            case "foreign-env": {
                int rc = TestNatives.nativeThread("gg-user", A, null,
                        fixed ? TestNatives.OWN_ENV : TestNatives.FOREIGN_ENV);
                out("rc " + rc + " depth " + NativeHooks.jniMonitorDepth());
                break;
            }

            case "foreign-env-unattached": {
                int rc = TestNatives.nativeThread("gg-unattached", A, null, TestNatives.FOREIGN_UNATTACHED);
                out("rc " + rc + " depth " + NativeHooks.jniMonitorDepth());
                runThread("gg-after", () -> { }); // an attached thread passes by: the report is delivered
                break;
            }

            case "before-load": { // a JNI monitor entered before the hooks, exited after: not unpaired
                CountDownLatch entered = new CountDownLatch(1);
                CountDownLatch loaded = new CountDownLatch(1);
                Thread t = new Thread(() -> {
                    TestNatives.enter(A);
                    entered.countDown();
                    await(loaded);
                    out("exit rc " + TestNatives.exit(A) + " depth " + NativeHooks.jniMonitorDepth());
                }, "gg-early");
                t.start();
                entered.await();
                load();
                loaded.countDown();
                t.join();
                break;
            }

            case "pending-exit": // an unpaired MonitorExit with an exception pending
                try {
                    if (fixed) TestNatives.enter(C);
                    TestNatives.exitWithPending(C);
                    out("no exception");
                } catch (RuntimeException e) {
                    out("threw " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                break;

            case "jna-callback-thread":
                JnaThreads.run();
                break;

            case "identity-mode":
                out("fast identity " + NativeHooks.fastIdentity0());
                break;

            case "identity-later": { // as the agent loads at start-up: the collector is asked on a thread
                out("load " + NativeHooks.load(new Printer(), true, null));
                out("fast identity at load " + NativeHooks.fastIdentity0());
                Thread check = NativeHooks.collectorCheck;
                check.join();
                out("checked by " + check.getName() + ", fast identity " + NativeHooks.fastIdentity0());
                break;
            }

            case "gc-between": { // the lock objects move between MonitorEnter and MonitorExit
                runThread("gg-mover", () -> {
                    Lock[] locks = {new Lock("M1"), new Lock("M2")}; // young: the GCs move them
                    TestNatives.enter(locks[0]);
                    TestNatives.enter(locks[1]);
                    for (int i = 0; i < 3; i++) System.gc();
                    churn(200_000);
                    TestNatives.exit(locks[0]);
                    if (fixed) TestNatives.exit(locks[1]);
                    out("depth " + NativeHooks.jniMonitorDepth());
                });
                break;
            }

            case "stress": // threads pair JNI monitors on objects that GCs keep moving
                stress();
                break;

            case "load-twice":
                out("second " + NativeHooks.load(new Printer()));
                break;

            case "load-fails": // run with no library in the jar, or no usable temporary directory
                out("loaded " + NativeHooks.isLoaded() + " record " + (JniRecord.address() != 0)
                        + " on " + NativeHooks.isOn(NativeHooks.CHECK_JNI_MONITORS));
                TestNatives.enter(A); // JNI still works, unwatched
                TestNatives.exit(A);
                runThread("gg-plain", () -> { });
                break;

            case "tmp-clean": {
                String[] left = new File(System.getProperty("java.io.tmpdir")).list();
                out("left in tmpdir " + (left == null ? "?" : String.valueOf(left.length)));
                break;
            }

            case "timing":
                Timing.run();
                break;

            default:
                throw new IllegalArgumentException("no scenario " + scenario);
        }
        out("end");
    }
}
