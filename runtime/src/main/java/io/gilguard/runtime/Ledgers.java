package io.gilguard.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Every live ledger, found by its thread: thread-locals are gone by the time a thread-end hook
 * runs, and a live report lists what each thread holds. Touched once per thread, never on the
 * hot path; weak keys so that a dead thread's ledger goes with it.
 */
public final class Ledgers {
    private static final Map<Thread, Ledger> BY_THREAD = new WeakHashMap<>();

    private Ledgers() {}

    /** The ledger must not refer to its thread, or the weak key would never go. */
    static synchronized void register(Thread thread, Ledger ledger) {
        BY_THREAD.put(thread, ledger);
    }

    public static synchronized Ledger of(Thread thread) {
        return BY_THREAD.get(thread);
    }

    public static synchronized List<Ledger> all() {
        return new ArrayList<>(BY_THREAD.values());
    }

    /** Every live ledger with its thread, for the live report. */
    public static synchronized Map<Thread, Ledger> byThread() {
        return new java.util.LinkedHashMap<>(BY_THREAD);
    }

    /**
     * The name of the thread whose ledger this is, or was when it ended; null if that cannot be
     * told (it ended unseen and is collected). On the violation path only.
     */
    static synchronized String threadName(Ledger ledger) {
        for (Map.Entry<Thread, Ledger> e : BY_THREAD.entrySet()) {
            if (e.getValue() == ledger && e.getKey() != null) {
                return e.getKey().getName();
            }
        }
        return ledger.endedAs;
    }

    /** Empties every ledger: a new attach must not inherit holds the last one saw. */
    public static synchronized void resetAll() {
        for (Ledger ledger : BY_THREAD.values()) {
            ledger.reset();
        }
    }
}
