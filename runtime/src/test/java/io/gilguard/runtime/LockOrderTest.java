package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lock-order graph through the hooks the rewritten code calls, each thread on its own, one
 * after the other (no thread ever waits): which orders make a cycle, which are gated, that a
 * cycle is said once, that a family is one node, and that enforce refuses before the lock is
 * taken. The hooks only tell the ledger; nothing here really locks.
 */
class LockOrderTest {
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final int GATE = 3;
    private static final int PAIR = 4;
    private static final int NODES = 5;
    private static final Object[] OBJECTS = new Object[4];
    private final List<Violation> heard = Collections.synchronizedList(new ArrayList<>());

    /** A monitor family's class, declared here so that no other test met it first. */
    private static final class Node {}

    @BeforeEach
    void freshGraph() {
        Locks.define(new String[] {"a", "b", "c", "gate", "pair", "nodes"},
                new int[] {Locks.STATIC, Locks.STATIC, Locks.STATIC, Locks.STATIC, Locks.PAIR, Locks.FAMILY},
                new String[] {"t.L.A", "t.L.B", "t.L.C", "t.L.GATE", null, null});
        Families.define(new String[] {null, null, null, null, null, Node.class.getName()}, new boolean[6]);
        for (int i = 0; i < OBJECTS.length; i++) {
            OBJECTS[i] = new Object();
            Locks.bind(OBJECTS[i], i);
        }
        Enforce.locks(new boolean[6]);
        Violations.clear();
        Violations.sink(heard::add);
    }

    @AfterEach
    void stopListening() {
        Violations.sink(null);
        Enforce.locks(new boolean[0]);
    }

    @Test
    void oppositeOrdersAreOneCycleSaidOnce() throws Exception {
        on("first", () -> nest(10, A, 11, B));
        on("second", () -> nest(20, B, 21, A));
        on("third", () -> nest(30, B, 31, A)); // the same cycle from other sites: already said
        on("second", () -> nest(20, B, 21, A));
        assertEquals(1, heard.size(), heard.toString());
        Violation v = heard.get(0);
        assertEquals(Kind.LOCK_ORDER_INVERSION, v.kind());
        assertEquals("a", v.lock());
        assertEquals("second", v.thread());
        assertEquals(21, v.site());
        assertEquals(List.of("a>b first 10,11", "b>a second 20,21"), edges(v));
    }

    @Test
    void aCycleOfThreeIsFoundAtItsLastEdge() throws Exception {
        on("t1", () -> nest(1, A, 2, B));
        on("t2", () -> nest(3, B, 4, C));
        assertEquals(List.of(), heard);
        on("t3", () -> nest(5, C, 6, A));
        assertEquals(1, heard.size(), heard.toString());
        assertEquals(List.of("a>b t1 1,2", "b>c t2 3,4", "c>a t3 5,6"), edges(heard.get(0)));
    }

    @Test
    void aCommonGateLockSilencesTheCycleUntilAnEdgeIsTakenWithoutIt() throws Exception {
        on("first", () -> gated(() -> nest(10, A, 11, B)));
        on("second", () -> gated(() -> nest(20, B, 21, A)));
        assertEquals(List.of(), heard, "every edge taken holding the gate");
        on("third", () -> nest(30, B, 31, A));
        assertEquals(1, heard.size(), heard.toString());
        assertEquals(List.of("a>b first 10,11", "b>a third 30,31"), edges(heard.get(0)));
    }

    @Test
    void oneOrderEverywhereIsSilent() throws Exception {
        for (int i = 0; i < 3; i++) {
            on("t" + i, () -> {
                nest(1, A, 2, B);
                nest(3, B, 4, C);
                nest(1, A, 5, C);
            });
        }
        assertEquals(List.of(), heard);
    }

    @Test
    void aLockTakenByTryLockIsNoEdge() throws Exception {
        on("first", () -> nest(10, A, 11, B));
        on("second", () -> {
            LockHooks.acquired(OBJECTS[B], 20);
            LockHooks.tried(OBJECTS[A], true, 21); // gives up rather than wait: cannot deadlock here
            LockHooks.acquired(OBJECTS[C], 22);
            LockHooks.monitorExited(OBJECTS[C], 0);
            LockHooks.monitorExited(OBJECTS[A], 0);
            LockHooks.monitorExited(OBJECTS[B], 0);
        });
        assertEquals(List.of(), heard);
        on("third", () -> nest(30, C, 31, A)); // but a lock held after a tryLock orders what comes next
        assertEquals(1, heard.size(), heard.toString());
        assertEquals(List.of("a>c second 21,22", "c>a third 30,31"), edges(heard.get(0)));
    }

    @Test
    void aPairAndAFamilyAreNodesLikeTheOthers() throws Exception {
        Node x = new Node();
        Node y = new Node();
        on("first", () -> {
            LockHooks.pairAcquired(PAIR, 40);
            LockHooks.memberEntered(x, NODES, 41);
            LockHooks.memberExited(x, NODES);
            LockHooks.pairReleasing(PAIR, 42, 0);
        });
        on("second", () -> {
            LockHooks.memberEntered(y, NODES, 50);
            LockHooks.pairAcquired(PAIR, 51);
            LockHooks.pairReleasing(PAIR, 52, 0);
            LockHooks.memberExited(y, NODES);
        });
        assertEquals(1, heard.size(), heard.toString());
        assertEquals("pair", heard.get(0).lock());
        assertEquals(List.of("pair>nodes first 40,41", "nodes>pair second 50,51"), edges(heard.get(0)));
    }

    /** Item 6: 10,000 members, 100 threads, each member nested in the next, and a static lock around: no report, one edge. */
    @Test
    void tenThousandMembersInOneOrderAreOneEdge() throws Exception {
        Node[] nodes = new Node[10_000];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = new Node();
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 100; t++) {
            threads.add(new Thread(() -> {
                LockHooks.acquired(OBJECTS[A], 1);
                for (int i = 0; i + 1 < nodes.length; i++) {
                    LockHooks.acquired(nodes[i], 2);
                    LockHooks.acquired(nodes[i + 1], 3);
                    LockHooks.monitorExited(nodes[i + 1], 4);
                    LockHooks.monitorExited(nodes[i], 5);
                }
                LockHooks.released(OBJECTS[A], 6);
            }, "worker-" + t));
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), heard);
        assertEquals(1, LockOrder.edgeCount(), "a -> nodes; members nested in each other are no edge");
    }

    @Test
    void enforceRefusesTheAcquisitionThatWouldCloseACycleEachTime() throws Exception {
        boolean[] enforced = new boolean[6];
        enforced[A] = true;
        Enforce.locks(enforced);
        on("first", () -> nest(10, A, 11, B));
        List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
        on("second", () -> {
            LockHooks.acquired(OBJECTS[B], 20);
            for (int i = 0; i < 2; i++) {
                thrown.add(assertThrows(GilguardError.class, () -> LockHooks.acquiring(OBJECTS[A], 21)));
            }
            LockHooks.monitorExited(OBJECTS[B], 22);
        });
        assertEquals(2, thrown.size());
        assertEquals(1, heard.size(), heard.toString());
        assertEquals(2, heard.get(0).count(), "reported at each refusal");
        assertEquals(List.of("a>b first 10,11", "b>a second 20,21"), edges(heard.get(0)));
        on("third", () -> {
            LockHooks.acquired(OBJECTS[A], 30);
            assertNull(catchError(() -> LockHooks.acquiring(OBJECTS[B], 31)), "b is not enforced");
            LockHooks.monitorExited(OBJECTS[A], 32);
        });
    }

    private static Throwable catchError(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Takes {@code outer} at {@code outerSite}, {@code inner} inside at {@code innerSite}, and lets both go. */
    private static void nest(int outerSite, int outer, int innerSite, int inner) {
        LockHooks.acquired(OBJECTS[outer], outerSite);
        LockHooks.acquired(OBJECTS[inner], innerSite);
        LockHooks.monitorExited(OBJECTS[inner], 0);
        LockHooks.monitorExited(OBJECTS[outer], 0);
    }

    private static void gated(Runnable body) {
        LockHooks.acquired(OBJECTS[GATE], 99);
        body.run();
        LockHooks.monitorExited(OBJECTS[GATE], 0);
    }

    /** Each edge as {@code from>to thread heldAt,site}. */
    private static List<String> edges(Violation v) {
        return v.cycle().stream().map(e -> e.from() + ">" + e.to() + " " + e.thread() + " " + e.heldAt() + "," + e.site())
                .collect(Collectors.toList());
    }

    /** On a new thread, so that its ledger is made after the locks are defined (a ledger is sized then). */
    private static void on(String name, Runnable body) throws Exception {
        Throwable[] failed = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failed[0] = e;
            }
        }, name);
        t.start();
        t.join();
        if (failed[0] != null) {
            throw new AssertionError("thread " + name, failed[0]);
        }
    }
}
