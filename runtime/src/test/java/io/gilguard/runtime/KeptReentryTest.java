package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A boundary that returns holding a lock once more than at its entry, a lock it found held:
 * LEAKED_AT_RETURN names that lock alone, not every lock the thread held before the boundary,
 * nor one reentered and let go again inside it.
 */
class KeptReentryTest {
    private static final int GIL = 0;
    private static final int OTHER = 1;
    private static final ReentrantLock[] LOCKS = {new ReentrantLock(), new ReentrantLock()};
    private static int lockLine;
    private static int callback;
    private static int downcall;
    private static long errorsBefore;

    @BeforeAll
    static void locks() {
        errorsBefore = Errors.internalCount(); // another class's test may have made one on purpose
        Locks.define(new String[] {"gil", "other"}, new int[2], new String[] {"r.Engine.GIL", "r.Engine.OTHER"});
        Locks.bind(LOCKS[GIL], GIL);
        Locks.bind(LOCKS[OTHER], OTHER);
        lockLine = Sites.register("r.Counter", "onEvent", "Counter.java", 7);
        callback = Sites.register("r.Listener", "onEvent", "Listener.java", 3);
        downcall = Sites.register("r.Engine", "step", "Engine.java", 11);
    }

    @AfterAll
    static void noInternalError() {
        assertEquals(errorsBefore, Errors.internalCount(), "internal errors");
    }

    @Test
    void onlyTheLockHeldMoreTimesIsNamed() throws Exception {
        int upcall = boundary(callback, false);
        on("kept-gil", () -> {
            take(GIL);
            take(OTHER);
            Ledger l = Boundaries.enterUpcall(upcall);
            take(OTHER);
            give(OTHER);
            take(GIL);
            Boundaries.exit(upcall, l);
            give(GIL);
            give(OTHER);
            give(GIL);
        });
        assertEquals(List.of("LEAKED_AT_RETURN gil " + callback), keysOf("kept-gil"));
    }

    /**
     * A boundary entered and left in between makes the lock's base a later count, never an
     * earlier one: the lock reentered and let go after it is not named, the one kept is.
     */
    @Test
    void aBoundaryInBetweenNamesNoLockWrongly() throws Exception {
        int upcall = boundary(callback, false);
        int inner = boundary(downcall, true);
        on("kept-other", () -> {
            take(GIL);
            take(OTHER);
            Ledger l = Boundaries.enterUpcall(upcall);
            take(OTHER);
            Boundaries.exit(inner, Boundaries.enter(inner));
            take(GIL);
            give(GIL);
            Boundaries.exit(upcall, l);
            give(OTHER);
            give(OTHER);
            give(GIL);
        });
        assertEquals(List.of("LEAKED_AT_RETURN other " + callback), keysOf("kept-other"));
    }

    private static int boundary(int site, boolean downcall) {
        return Boundaries.define(site, downcall, new int[] {GIL}, new int[] {Boundaries.AUDIT}, new boolean[1]);
    }

    private static void take(int lock) {
        LOCKS[lock].lock();
        LockHooks.acquired(LOCKS[lock], lockLine);
    }

    private static void give(int lock) {
        LockHooks.released(LOCKS[lock], lockLine);
        LOCKS[lock].unlock();
    }

    private static List<String> keysOf(String thread) {
        return Violations.all().stream().filter(v -> thread.equals(v.thread()))
                .map(v -> v.kind() + " " + v.lock() + " " + v.site()).collect(Collectors.toList());
    }

    private static void on(String name, Runnable body) throws Exception {
        OnThread.run(name, body);
    }
}
