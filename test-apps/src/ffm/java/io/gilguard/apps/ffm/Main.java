package io.gilguard.apps.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * C through FFM, both ways.
 * <ul>
 * <li>{@code call} (default): main holds the GIL (twice) across FFM downcalls, one per lookup
 *     and one through a handle that takes its address, while another thread wants the GIL.
 *     With {@code forbid} each is FORBIDDEN_HELD at its {@code invokeExact}; with {@code release}
 *     the other thread progresses during the 400 ms call and main holds the GIL again after it,
 *     with the same count. With {@code fail} added, a call that throws (a segment of a closed
 *     arena) gives the GIL back all the same.
 * <li>{@code native}: a pthread calls upcall stubs of every shape of target (static method, one
 *     with a bound argument, an instance method, a lambda) without the GIL.
 * <li>{@code leak} / {@code leak-fixed}: a pthread calls a lambda that takes the GIL and keeps it
 *     (or gives it back), then ends.
 * <li>{@code policies}: one downcall per policy (require, acquire, audit) and one whose callback
 *     takes the GIL and returns, so that the downcall returns holding it; then a call through a
 *     function pointer C handed out, which no rule can name.
 * <li>{@code live}: for an attach. The handles of {@link Native} are made first; at each
 *     {@code call} on stdin, main holds the GIL across getpid through one of them and through a
 *     handle made just then.
 * </ul>
 */
public final class Main {
    static int progress; // guarded by Engine.GIL
    static volatile boolean done;
    private static int nativeThreads;

    public static void main(String[] args) throws Throwable {
        List<String> a = List.of(args);
        String mode = System.getProperty("gilguard.apps.ffm.mode", args.length == 0 || args[0].equals("fail") ? "call" : args[0]);
        switch (mode) {
            case "call" -> calls(a.contains("fail"));
            case "native" -> System.out.println("tick calls=" + onNativeThread(targets(), 25) + " held=" + Ticks.held);
            case "leak" -> leak(Ticks.leaking());
            case "leak-fixed" -> leak(Ticks.releasing());
            case "policies" -> policies();
            case "live" -> live();
            default -> throw new IllegalArgumentException(mode);
        }
    }

    private static void calls(boolean fail) throws Throwable {
        Engine.GIL.lock(); // @site:ffm-acquire
        Engine.GIL.lock();
        Thread worker = new Thread(Main::makeProgress, "progress");
        try (Arena arena = Arena.ofConfined()) {
            worker.start();
            long took = (long) Native.COMPUTE.invokeExact(400); // @site:compute-call
            int during = progress; // the worker cannot run while we hold the GIL
            System.out.println("native call took >= 400 ms: " + (took >= 400));
            System.out.println("progress during native call: " + during);
            System.out.println("hold count after call: " + Engine.GIL.getHoldCount() + " (expected 2)");
            MemorySegment values = arena.allocateFrom(ValueLayout.JAVA_INT, 1, 2, 3);
            int sum = (int) Native.SUM.invokeExact(values, 3); // @site:sum-call
            int pid = (int) Native.GETPID.invokeExact(); // @site:getpid-call
            long quick = (long) Native.ANY_COMPUTE.invokeExact(Native.COMPUTE_ADDRESS, 1); // @site:any-call
            System.out.println("sum=" + sum + " pid=" + (pid == ProcessHandle.current().pid()) + " quick=" + (quick >= 1));
            if (fail) {
                failingCall();
            }
        } finally {
            done = true;
            Engine.GIL.unlock();
            Engine.GIL.unlock();
        }
        worker.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** A downcall that throws: a segment of an arena already closed. The GIL must come back all the same. */
    private static void failingCall() throws Throwable {
        MemorySegment gone;
        try (Arena arena = Arena.ofConfined()) {
            gone = arena.allocateFrom(ValueLayout.JAVA_INT, 1, 2, 3);
        }
        try {
            int sum = (int) Native.SUM.invokeExact(gone, 3);
            System.out.println("no exception from the call: " + sum);
        } catch (IllegalStateException e) {
            System.out.println("exception from the call: " + e.getClass().getSimpleName());
        }
        System.out.println("hold count after failing call: " + Engine.GIL.getHoldCount() + " (expected 2)");
    }

    /** Takes the GIL briefly, again and again, until main is done. */
    private static void makeProgress() {
        try {
            while (!done) {
                if (Engine.GIL.tryLock(5, TimeUnit.MILLISECONDS)) {
                    try {
                        progress++;
                    } finally {
                        Engine.GIL.unlock();
                    }
                }
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The upcall targets of every shape, each {@code (int)void}. */
    private static List<MethodHandle> targets() throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodType tick = MethodType.methodType(void.class, int.class);
        MethodHandle onTick = lookup.findVirtual(Tick.class, "onTick", tick);
        return List.of(
                lookup.findStatic(Ticks.class, "staticTick", tick),
                MethodHandles.insertArguments(lookup.findStatic(Ticks.class, "boundTick",
                        MethodType.methodType(void.class, String.class, int.class)), 0, "bound"),
                onTick.bindTo(new Ticks.Counter()),
                onTick.bindTo(Ticks.lambda()));
    }

    /** A new pthread names itself, calls each target {@code rounds} times and ends; returns the calls made. */
    private static int onNativeThread(List<MethodHandle> targets, int rounds) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            FunctionDescriptor tick = FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT);
            MemorySegment ticks = arena.allocate(ValueLayout.ADDRESS, targets.size());
            for (int i = 0; i < targets.size(); i++) {
                ticks.setAtIndex(ValueLayout.ADDRESS, i, Native.LINKER.upcallStub(targets.get(i), tick, arena));
            }
            MemorySegment name = Native.LINKER.upcallStub(MethodHandles.lookup().findStatic(Main.class, "nameThread",
                    MethodType.methodType(void.class)), FunctionDescriptor.ofVoid(), arena);
            int rc = (int) Native.RUN_ON_THREAD.invokeExact(name, ticks, targets.size(), rounds);
            if (rc != 0) {
                throw new IllegalStateException("ffm_run_on_thread: " + rc);
            }
        }
        return Ticks.calls;
    }

    /** The first upcall of each pthread: a name the reports can show. */
    private static void nameThread() {
        Thread.currentThread().setName("ffm-native-" + nativeThreads++);
    }

    private static void policies() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment values = arena.allocateFrom(ValueLayout.JAVA_INT, 1, 2, 3);
            int sum = (int) Native.SUM.invokeExact(values, 3); // @site:require-call
            MethodType tick = MethodType.methodType(void.class, int.class);
            FunctionDescriptor tickDescriptor = FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT);
            MemorySegment check = Native.LINKER.upcallStub(MethodHandles.lookup().findStatic(Ticks.class, "heldTick", tick),
                    tickDescriptor, arena);
            Native.CALL_BACK.invokeExact(check, 1);
            System.out.println("sum=" + sum + " held in the callback: " + (Ticks.held == 1) + ", after: "
                    + Engine.GIL.isHeldByCurrentThread());
            Engine.GIL.lock(); // @site:audit-acquire
            try {
                long took = (long) Native.COMPUTE.invokeExact(150); // @site:audit-call
                System.out.println("audited call took >= 150 ms: " + (took >= 150));
            } finally {
                Engine.GIL.unlock();
            }
            MemorySegment keep = Native.LINKER.upcallStub(MethodHandles.lookup().findStatic(Ticks.class, "keepTick", tick),
                    tickDescriptor, arena);
            Native.KEEP.invokeExact(keep, 1); // @site:keep-call
            System.out.println("held after the call that kept it: " + Engine.GIL.getHoldCount());
            Engine.GIL.unlock();
            // a handle of a function pointer C handed out: no rule can name it, and gilguard says so
            MemorySegment pointer = (MemorySegment) Native.POINTER_TO_NOTHING.invokeExact();
            MethodHandle nothing = Native.LINKER.downcallHandle(pointer, FunctionDescriptor.of(ValueLayout.JAVA_INT));
            System.out.println("through a function pointer: " + (int) nothing.invokeExact());
        }
    }

    private static void live() throws Throwable {
        int pid = (int) Native.GETPID.invokeExact();
        System.out.println("ffm-app: ready " + pid);
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        int calls = 0;
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            liveCall(++calls);
        }
    }

    /** A method of its own: one that runs when gilguard attaches keeps its old code until it returns. */
    private static void liveCall(int calls) throws Throwable {
        MethodHandle fresh = Native.LINKER.downcallHandle(Native.LINKER.defaultLookup().find("getpid").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT));
        Engine.GIL.lock(); // @site:live-acquire
        try {
            int before = (int) Native.GETPID.invokeExact(); // @site:live-before
            int after = (int) fresh.invokeExact(); // @site:live-after
            System.out.println("ffm-app: called " + calls + " " + (before == after));
        } finally {
            Engine.GIL.unlock();
        }
    }

    private static void leak(Tick callback) throws Throwable {
        MethodHandle target = MethodHandles.lookup().findVirtual(Tick.class, "onTick",
                MethodType.methodType(void.class, int.class)).bindTo(callback);
        onNativeThread(List.of(target), 1);
        System.out.println("gil held by an ended thread: " + Engine.GIL.isLocked());
    }
}
