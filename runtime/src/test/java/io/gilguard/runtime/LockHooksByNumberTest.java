package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hooks a call site gets when it read the lock from a named lock's static field just before
 * ({@code acquired(Object, int, int)} and its kin): the number is only a guess, which one compare
 * confirms; a field set where gilguard did not see it holds another object, and then the lock is
 * searched for as at any other call site.
 */
class LockHooksByNumberTest {
    private static final int GIL = 0;
    private static final int OTHER = 1;
    private static final ReentrantLock[] LOCKS = {new ReentrantLock(), new ReentrantLock()};
    private static final ReentrantLock UNNAMED = new ReentrantLock();

    @BeforeAll
    static void locks() {
        Locks.define(new String[] {"gil", "other"}, new int[2], new String[] {"r.Engine.GIL", "r.Engine.OTHER"});
        Locks.bind(LOCKS[GIL], GIL);
        Locks.bind(LOCKS[OTHER], OTHER);
    }

    @Test
    void theNumberIsTrustedOnlyForItsOwnLock() throws Exception {
        int site = Sites.register("r.Engine", "step", "Engine.java", 5);
        OnThread.run("by-number", () -> {
            Ledger ledger = Ledger.current();
            LockHooks.locking(LOCKS[GIL], GIL);
            LockHooks.acquired(LOCKS[GIL], GIL, site);
            assertEquals(1, ledger.count(GIL));
            // the field held OTHER's object, not GIL's: OTHER is counted
            LockHooks.acquired(LOCKS[OTHER], GIL, site);
            assertEquals(1, ledger.count(GIL));
            assertEquals(1, ledger.count(OTHER));
            // no lock's object: nothing counted, nothing thrown
            LockHooks.locking(UNNAMED, GIL);
            LockHooks.acquired(UNNAMED, GIL, site);
            LockHooks.released(UNNAMED, GIL, site);
            assertEquals(1, ledger.count(GIL));
            // a number past the rules (code rewritten for another attach's rules): searched
            LockHooks.released(LOCKS[OTHER], 7, site);
            assertEquals(0, ledger.count(OTHER));
            LockHooks.released(LOCKS[GIL], GIL, site);
            assertEquals(0, ledger.count(GIL));
        });
    }
}
