package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A boundary's shape, the constant its advice passes: the locks and policies of up to three
 * slots, read back as they were defined; more locks, or a lock number past 16 bits, read from
 * the table. Either way a boundary checks the same, whether its shape is given or read.
 */
class BoundaryShapeTest {
    private static final ReentrantLock[] LOCKS = {new ReentrantLock(), new ReentrantLock(), new ReentrantLock(),
        new ReentrantLock()};

    private static long internalBefore;

    @BeforeAll
    static void locks() {
        internalBefore = Errors.internalCount(); // another class's may have failed on purpose
        Locks.define(new String[] {"a", "b", "c", "d"}, new int[4], new String[] {"t.S.A", "t.S.B", "t.S.C", "t.S.D"});
        for (int i = 0; i < LOCKS.length; i++) {
            Locks.bind(LOCKS[i], i);
        }
    }

    @AfterAll
    static void noInternalError() {
        assertEquals(internalBefore, Errors.internalCount(), "internal errors");
    }

    @Test
    void threeSlotsHoldEachLockAndPolicy() {
        int id = Boundaries.define(site("three"), true, new int[] {2, 0, 3},
                new int[] {Boundaries.FORBID, Boundaries.REQUIRE, Boundaries.AUDIT}, new boolean[3]);
        long shape = Boundaries.shape(id);
        assertNotEquals(0, shape);
        assertFalse(BoundaryShape.inTable(shape));
        assertEquals(3, BoundaryShape.count(shape));
        assertEquals(List.of(2, 0, 3), List.of(BoundaryShape.lock(shape, 0), BoundaryShape.lock(shape, 1),
                BoundaryShape.lock(shape, 2)));
        assertEquals(List.of(Boundaries.FORBID, Boundaries.REQUIRE, Boundaries.AUDIT), List.of(
                BoundaryShape.policy(shape, 0), BoundaryShape.policy(shape, 1), BoundaryShape.policy(shape, 2)));
        assertTrue(BoundaryShape.downcall(shape));
        assertTrue(BoundaryShape.jniMarks(shape), "a native method's downcall marks the JNI monitor record");
        assertFalse(BoundaryShape.learned(shape));
    }

    @Test
    void theFlagsFollowTheKind() {
        long upcall = Boundaries.shape(Boundaries.define(site("up"), false, new int[] {1},
                new int[] {Boundaries.ACQUIRE}, new boolean[1]));
        assertFalse(BoundaryShape.downcall(upcall));
        assertFalse(BoundaryShape.jniMarks(upcall));
        assertEquals(1, BoundaryShape.lock(upcall, 0));
        assertEquals(Boundaries.ACQUIRE, BoundaryShape.policy(upcall, 0));
        long atCaller = Boundaries.shape(Boundaries.defineAtCaller(site("ffm"), "f", new int[] {1},
                new int[] {Boundaries.FORBID}, new boolean[1]));
        assertTrue(BoundaryShape.downcall(atCaller));
        assertFalse(BoundaryShape.jniMarks(atCaller), "a C function called through FFM or JNA has no JNIEnv");
        long none = Boundaries.shape(Boundaries.define(site("none"), true, new int[0], new int[0], new boolean[0]));
        assertNotEquals(0, none);
        assertEquals(0, BoundaryShape.count(none));
    }

    @Test
    void whatDoesNotFitIsReadFromTheTable() {
        long four = Boundaries.shape(Boundaries.define(site("four"), true, new int[] {0, 1, 2, 3}, new int[4],
                new boolean[4]));
        assertTrue(BoundaryShape.inTable(four));
        assertTrue(BoundaryShape.downcall(four));
        Boundary wide = new Boundary(site("wide"), true, new int[] {70_000}, new int[] {Boundaries.FORBID},
                new boolean[1], false, null);
        assertTrue(BoundaryShape.inTable(wide.shape));
    }

    @Test
    void aPolicyIsCheckedTheSameGivenTheShapeOrNot() throws Exception {
        for (String way : List.of("given", "read")) {
            // the fourth lock's forbid: in the table; the single lock's: in a slot (a report is
            // told apart by its site, so each way has boundaries of its own)
            int four = Boundaries.define(site("four-" + way), true, new int[] {0, 1, 2, 3},
                    new int[] {Boundaries.AUDIT, Boundaries.AUDIT, Boundaries.AUDIT, Boundaries.FORBID}, new boolean[4]);
            int one = Boundaries.define(site("one-" + way), true, new int[] {3}, new int[] {Boundaries.FORBID},
                    new boolean[1]);
            on("shape-" + way, () -> {
                LOCKS[3].lock();
                LockHooks.acquired(LOCKS[3], site("take"));
                try {
                    for (int id : new int[] {four, one}) {
                        long shape = way.equals("given") ? Boundaries.shape(id) : 0;
                        Ledger ledger = Boundaries.enter(id, shape);
                        assertEquals(1, ledger.count(3));
                        Boundaries.exit(id, shape, ledger);
                        assertEquals(0, ledger.top, "the stack is back where it was");
                    }
                } finally {
                    LOCKS[3].unlock();
                    LockHooks.released(LOCKS[3], site("give"));
                }
            });
            List<String> reports = new ArrayList<>();
            for (Violation v : Violations.all()) {
                if (("shape-" + way).equals(v.thread())) {
                    reports.add(v.kind() + " " + v.lock() + " " + Sites.method(v.site()));
                }
            }
            assertEquals(List.of("FORBIDDEN_HELD d four-" + way, "FORBIDDEN_HELD d one-" + way),
                    reports.stream().sorted().collect(Collectors.toList()), way);
        }
    }

    private static int site(String method) {
        return Sites.register("t.Shapes", method, "Shapes.java", 1);
    }

    private static void on(String name, Runnable body) throws Exception {
        OnThread.run(name, body);
    }
}
