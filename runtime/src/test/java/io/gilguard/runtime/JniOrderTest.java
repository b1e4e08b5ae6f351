package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JNI monitors in the lock-order graph, without the native hooks: what node a monitor is (its
 * lock's, or its class's, within the room the graph has), and cycles through such a node told as
 * the hooks tell them ({@link JniOrder#entering} for native code's MonitorEnter, an edge from a
 * JNI monitor's node as an upcall's acquisition makes it). Each thread on its own, one after the
 * other.
 */
class JniOrderTest {
    private static final int GIL = 0;
    private static final int OTHER = 1;
    private static final Object[] OBJECTS = new Object[2];
    private final List<Violation> heard = Collections.synchronizedList(new ArrayList<>());

    /** A class of JNI monitors no other test met. */
    private static final class Table {}

    @BeforeEach
    void freshGraph() {
        Locks.define(new String[] {"gil", "other"}, new int[] {Locks.STATIC, Locks.STATIC}, new String[] {"t.E.GIL", "t.E.O"});
        Families.define(new String[2], new boolean[2]);
        for (int i = 0; i < OBJECTS.length; i++) {
            OBJECTS[i] = new Object();
            Locks.bind(OBJECTS[i], i);
        }
        Enforce.locks(new boolean[2]);
        Violations.clear();
        Violations.sink(heard::add);
    }

    @AfterEach
    void stopListening() {
        Violations.sink(null);
        Stderr.to(null);
    }

    @Test
    void aMonitorIsItsLocksNodeOrItsClasssWithinTheRoomLeft() {
        assertEquals(GIL, JniOrder.node(OBJECTS[GIL]), "a monitor the rules name is its lock");
        int table = JniOrder.node(new Table());
        assertEquals(2, table, "the first class past the rules' locks");
        assertEquals(table, JniOrder.node(new Table()), "one node per class, whatever the object");
        assertEquals("jni:" + Table.class.getName(), LockOrder.name(table));
        int classObject = JniOrder.node(Table.class);
        assertEquals("jni:" + Table.class.getName() + ".class", LockOrder.name(classObject));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Stderr.to(new PrintStream(err, true, StandardCharsets.UTF_8));
        Class<?>[] more = {String.class, Integer.class, Long.class, Short.class, Byte.class, Character.class,
            Boolean.class, Double.class, Float.class, Void.class, Number.class, Thread.class, Runnable.class,
            StringBuilder.class, List.class};
        List<Integer> nodes = new ArrayList<>();
        for (Class<?> c : more) {
            nodes.add(JniOrder.node(c));
        }
        // 2 locks + 16 JNI classes: Table, Table.class and 14 more have a node; the 15th does not
        assertEquals(17, nodes.get(13));
        assertEquals(-1, nodes.get(14), nodes.toString());
        assertEquals(-1, JniOrder.node(List.class), "asked again: still none");
        assertEquals(LockOrder.MAX_LOCKS, 63);
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("lock order: no room in the graph for JNI monitor jni:java.util.List.class"), said);
        assertEquals(1, said.lines().count(), "said once: " + said);
    }

    @Test
    void aCycleClosedByNativeCodesMonitorEnterNamesTheMonitorsClass() throws Exception {
        Object table = new Table();
        int node = JniOrder.node(table);
        // a native thread held the table and an upcall took gil (site 21; the thread's native code entered the table)
        on("native-scanner", () -> LockOrder.add(Ledger.current(), GIL, 21, 1L << node, false));
        assertEquals(List.of(), heard);
        // the writer holds gil (site 10) and native code under a downcall enters the table
        on("writer", () -> {
            LockHooks.acquired(OBJECTS[GIL], 10);
            JniOrder.entering(Ledger.current(), table);
            LockHooks.monitorExited(OBJECTS[GIL], 11);
        });
        assertEquals(1, heard.size(), heard.toString());
        Violation v = heard.get(0);
        assertEquals(Kind.LOCK_ORDER_INVERSION, v.kind());
        assertEquals("jni:" + Table.class.getName(), v.lock());
        assertEquals("writer", v.thread());
        String t = "jni:" + Table.class.getName();
        assertEquals(List.of(t + ">gil native-scanner 0,21 native", "gil>" + t + " writer 10,0"), edges(v));
    }

    @Test
    void aMonitorEnteredAgainUnderOtherLocksIsToldAgainAndAReentryOfTheSameLocksIsKnown() throws Exception {
        Object table = new Table();
        on("writer", () -> {
            LockHooks.acquired(OBJECTS[GIL], 10);
            JniOrder.entering(Ledger.current(), table);
            JniOrder.entering(Ledger.current(), table);
            LockHooks.acquired(OBJECTS[OTHER], 12);
            JniOrder.entering(Ledger.current(), table);
            LockHooks.monitorExited(OBJECTS[OTHER], 13);
            LockHooks.monitorExited(OBJECTS[GIL], 11);
        });
        assertEquals(List.of(), heard);
        assertEquals(3, LockOrder.edgeCount(), "gil > other, gil > table, other > table");
    }

    /** Each edge as {@code from>to thread heldAt,site[ native]}. */
    private static List<String> edges(Violation v) {
        return v.cycle().stream().map(e -> e.from() + ">" + e.to() + " " + e.thread() + " " + e.heldAt() + "," + e.site()
                + (e.heldNatively() ? " native" : "")).collect(Collectors.toList());
    }

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
