package io.gilguard.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Learn mode's memory: what the run showed of its native boundaries and the locks held across
 * them, kept as counts (never as a log of events), for the rules file written at exit.
 *
 * <p>A lock is known here by its <em>form</em>, the way a rules file names it
 * ({@code static C.F}, {@code field C.F}, {@code monitor C}), given by the instrumentation where
 * it reads it from the bytecode that takes the lock; each form gets a number once.
 */
public final class Learning {
    /** Most forms followed; more are not numbered (said in the file). */
    public static final int MAX_FORMS = 1024;

    private static volatile boolean on;
    private static volatile Seen[] downcalls = new Seen[64];

    /**
     * What learning counts, made at its first use: every boundary asks {@link #on}, and a run that
     * does not learn should not pay for the rest (an array of 1,024 counters and its set-up).
     */
    private static final class Memory {
        static final Map<String, Integer> NUMBERS = new HashMap<>();
        static final List<String> FORMS = new ArrayList<>();
        static final AtomicLongArray TAKEN = new AtomicLongArray(MAX_FORMS);
        static final Map<Object, Seen> UPCALLS = new ConcurrentHashMap<>();
        /** Native methods declared {@code synchronized} ({@code C#m}), and the monitor form they hold. */
        static final Map<String, Integer> SYNCHRONIZED_NATIVES = new ConcurrentHashMap<>();
    }

    private Learning() {}

    /** Turns learning on, before any class is instrumented. */
    public static void start() {
        on = true;
    }

    /**
     * Turns learning off once its file is written (a detach): what it counted is forgotten, the
     * forms keep their numbers (a class instrumented again gets the same), and a boundary
     * defined before counts on only until its class's original bytecode is back.
     */
    public static synchronized void stop() {
        on = false;
        for (int form = 0; form < MAX_FORMS; form++) {
            Memory.TAKEN.set(form, 0);
        }
        downcalls = new Seen[64];
        Memory.UPCALLS.clear();
        StatesSeen.clear();
    }

    /** A native call this long or longer is a long one (the {@code longHold} option). */
    public static long longCallNanos() {
        return Holds.longHold();
    }

    public static boolean on() {
        return on;
    }

    /** The number of a lock form, -1 when there are too many. At instrumentation time. */
    public static synchronized int form(String form) {
        Integer known = Memory.NUMBERS.get(form);
        if (known != null) {
            return known;
        }
        if (Memory.FORMS.size() == MAX_FORMS) {
            return -1;
        }
        Memory.NUMBERS.put(form, Memory.FORMS.size());
        Memory.FORMS.add(form);
        return Memory.FORMS.size() - 1;
    }

    public static synchronized String formName(int form) {
        return form >= 0 && form < Memory.FORMS.size() ? Memory.FORMS.get(form) : null;
    }

    public static synchronized int forms() {
        return Memory.FORMS.size();
    }

    /** How many times the lock of {@code form} was taken in the run. */
    public static long taken(int form) {
        return form >= 0 && form < MAX_FORMS ? Memory.TAKEN.get(form) : 0;
    }

    static void took(int form) {
        Memory.TAKEN.incrementAndGet(form);
    }

    /** A {@code synchronized native} method: its calls hold the monitor {@code form} (its class's, or the class object's). */
    public static void synchronizedNative(String method, int form) {
        Memory.SYNCHRONIZED_NATIVES.put(method, form);
    }

    /** The monitor form a {@code synchronized native} method {@code C#m} holds at its calls, -1 if it is none. */
    public static int heldBy(String method) {
        return Memory.SYNCHRONIZED_NATIVES.getOrDefault(method, -1);
    }

    static Seen downcall(int boundary) {
        Seen[] t = downcalls;
        Seen s = boundary < t.length ? t[boundary] : null;
        return s != null ? s : newDowncall(boundary);
    }

    private static synchronized Seen newDowncall(int boundary) {
        Seen[] t = downcalls;
        if (boundary >= t.length) {
            t = Arrays.copyOf(t, Math.max(boundary + 1, t.length * 2));
        }
        if (t[boundary] == null) {
            t[boundary] = new Seen();
        }
        downcalls = t;
        return t[boundary];
    }

    /** {@code key}: {@link UpcallKeys#of}. */
    static Seen upcall(Object key) {
        Seen s = Memory.UPCALLS.get(key);
        return s != null ? s : Memory.UPCALLS.computeIfAbsent(key, m -> new Seen());
    }

    /** Per boundary number, what its calls showed; null where it was never called. */
    public static Map<Integer, Seen> downcalls() {
        Map<Integer, Seen> all = new HashMap<>();
        Seen[] t = downcalls;
        for (int i = 0; i < t.length; i++) {
            if (t[i] != null) {
                all.put(i, t[i]);
            }
        }
        return all;
    }

    /** Per {@code jmethodID} ({@code Long}) or callback method behind a dispatcher ({@code Method}), what the upcalls showed. */
    public static Map<Object, Seen> upcalls() {
        return new HashMap<>(Memory.UPCALLS);
    }
}
