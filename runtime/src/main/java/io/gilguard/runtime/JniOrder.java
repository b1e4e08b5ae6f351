package io.gilguard.runtime;

import io.gilguard.nativehooks.JniRecord;
import io.gilguard.nativehooks.NativeHooks;

/**
 * JNI monitors in the lock-order graph ({@link LockOrder}). A monitor the rules name (a static
 * lock's object, a family's member) is its lock's node. Any other is the node of its class, as
 * {@link JniMonitors#label} names it ({@code jni:CLASS}, {@code jni:CLASS.class} for a class
 * object): the graph keeps classes, not objects, so that memory is bounded whatever the objects.
 * The graph has room for {@link #MAX_NODES} such classes past the rules' locks (fewer when the
 * rules name nearly {@link LockOrder#MAX_LOCKS}); a class that finds it full has no node, and its
 * orders are not followed (said once).
 *
 * <p>Two ways in. Native code enters a monitor while the Java frame running it holds locks
 * ({@link #entering}, told by the native hooks before the monitor is entered, which the key
 * {@link #key} that downcalls write lets them skip when nothing is held). Java code called from
 * native code (an upcall) takes a lock while that native code holds JNI monitors
 * ({@link #held}, asked only inside an upcall).
 */
final class JniOrder {
    /** Classes of JNI monitors the graph gives a node each, at most. */
    static final int MAX_NODES = 16;

    private static int first;
    private static int room;
    private static int used;
    private static boolean fullSaid;
    private static volatile String[] labels = new String[0];
    /** The native hooks' generation of lock-order nodes for this graph: nodes told for an earlier one are stale. */
    private static volatile int generation;
    private static volatile ClassValue<int[]> byClass = nodes(false);
    private static volatile ClassValue<int[]> byClassObject = nodes(true);

    private JniOrder() {}

    /** With {@link LockOrder#define}: {@code room} nodes from number {@code first} on, none used. */
    static synchronized void define(int first, int room) {
        JniOrder.first = first;
        JniOrder.room = room;
        used = 0;
        fullSaid = false;
        labels = new String[room];
        byClass = nodes(false);
        byClassObject = nodes(true);
        generation = newGeneration();
    }

    /** A new graph (an attach): the nodes JNI records keep from the last one mean other things now. */
    private static int newGeneration() {
        try {
            return NativeHooks.isLoaded() ? NativeHooks.newJniMonitorNodes() : 0;
        } catch (Throwable t) {
            Errors.internal(t);
            return 0;
        }
    }

    /** Whether {@code node} is a JNI monitor class's (not a lock the rules name). */
    static boolean isClassNode(int node) {
        return node >= first;
    }

    static String label(int node) {
        return labels[node - first];
    }

    /** The graph's node for a monitor entered through JNI; -1 if it has none (the graph is full or off). */
    static int node(Object monitor) {
        int lock = Locks.find(monitor);
        if (lock >= 0) {
            return lock;
        }
        return monitor instanceof Class
                ? byClassObject.get((Class<?>) monitor)[0]
                : byClass.get(monitor.getClass())[0];
    }

    /** Per class, its node (one array, made once per class and define); {@code classObject}: the class object's own monitor. */
    private static ClassValue<int[]> nodes(boolean classObject) {
        return new ClassValue<>() {
            @Override
            protected int[] computeValue(Class<?> type) {
                return new int[] {add("jni:" + type.getName() + (classObject ? ".class" : ""))};
            }
        };
    }

    private static synchronized int add(String label) {
        String[] l = labels;
        for (int i = 0; i < used; i++) {
            if (l[i].equals(label)) {
                return first + i; // the same name from another class loader: one node
            }
        }
        if (used == room) {
            if (!fullSaid) {
                fullSaid = true;
                Errors.note("lock order: no room in the graph for JNI monitor " + label + " (" + room
                        + " JNI monitor classes at most, beside the rules' locks): its orders are not followed");
            }
            return -1;
        }
        l[used] = label;
        return first + used++;
    }

    /**
     * The lock-order key a downcall writes into the thread's JNI monitor record for the native
     * code it runs ({@code held}, not 0): one bit per lock held, folded to an int. The native
     * hooks tell {@link #entering} of a monitor again when the key changes.
     */
    static int key(Ledger ledger) {
        long held = OrderEdges.held(ledger, -1);
        int key = (int) (held ^ held >>> 32);
        return held == 0 ? 0 : key != 0 ? key : 1; // 0 held: the graph is off
    }

    /**
     * Native code on the ledger's thread is about to enter {@code monitor} through JNI, not held
     * yet, while its Java frame holds locks: each of them, and each JNI monitor it holds, gives an
     * edge into the monitor's node, at the site of the downcall running that native code. Not
     * refused under {@code enforce}: the hooks enter the monitor whatever this finds (see
     * {@code order_check} in jni_monitors.c).
     */
    static void entering(Ledger ledger, Object monitor) {
        if (ledger.busy || ledger.counts.length > LockOrder.MAX_LOCKS) {
            return;
        }
        int node = node(monitor);
        if (node < 0) {
            return;
        }
        long held = OrderEdges.held(ledger, node) | held(ledger) & ~(1L << node);
        if (held != 0 && !OrderEdges.known(ledger, node, held)) {
            long record = ledger.jniRecord;
            LockOrder.add(ledger, node, record == 0 ? 0 : JniMonitors.enteringSite(record), held, false);
        }
    }

    /** Whether the ledger's thread holds JNI monitors: one int of its record. */
    static boolean anyHeld(Ledger ledger) {
        long record = ledger.jniRecord;
        return record != 0 && JniMonitors.depth(record) > 0;
    }

    /**
     * The nodes of the JNI monitors the ledger's thread holds, one bit each; 0 if none. Read
     * from the thread's JNI monitor record, which keeps each entry's node once told
     * ({@link NativeHooks#jniMonitorNodes}): a JNI call only for entries it has not been told of
     * (an object new to the thread, or not entered for a while), then none while the thread
     * enters the same monitors again.
     */
    static long held(Ledger ledger) {
        long record = ledger.jniRecord;
        if (record == 0 || JniMonitors.depth(record) <= 0) {
            return 0;
        }
        if (JniRecord.get(record, JniRecord.UNTOLD) != 0 || JniRecord.get(record, JniRecord.GENERATION) != generation) {
            tell(NativeHooks.jniMonitors());
        }
        return (long) JniRecord.get(record, JniRecord.NODES_HIGH) << 32
                | JniRecord.get(record, JniRecord.NODES_LOW) & 0xFFFFFFFFL;
    }

    /** Tells the record each monitor's node; -1 for none (the graph is full). */
    private static void tell(Object[] monitors) {
        int[] nodes = new int[monitors.length];
        for (int i = 0; i < monitors.length; i++) {
            nodes[i] = node(monitors[i]);
        }
        NativeHooks.jniMonitorNodes(monitors, nodes);
    }

    /**
     * Where the ledger's thread entered the JNI monitor of {@code node} (the downcall whose native
     * code entered it); 0 if none, or unknown. Asked for a new edge only: two JNI calls.
     */
    static int site(Ledger ledger, int node) {
        if (ledger.jniRecord == 0) {
            return 0;
        }
        Object[] monitors = NativeHooks.jniMonitors();
        int[] sites = NativeHooks.jniMonitorSites(monitors);
        for (int i = 0; i < monitors.length && sites != null; i++) {
            if (node(monitors[i]) == node) {
                return sites[i];
            }
        }
        return 0;
    }
}
