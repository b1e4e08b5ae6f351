package io.gilguard.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lock-order graph, shared by every thread. Its nodes are lock numbers: a static lock, a
 * method pair, a whole family (one node for all its members, so that memory is bounded by the
 * rules, not by the objects); past them, the classes of JNI monitors native code enters
 * ({@link JniOrder}). An edge A → B is the first time a thread took B (outermost) while
 * holding A, with the thread and both sites. A new edge that closes a cycle is a potential
 * deadlock, {@link Kind#LOCK_ORDER_INVERSION}: reported once per cycle, when the second order is
 * first taken, whether or not any thread ever blocks on it.
 *
 * <p>Gate locks: each edge keeps the locks its thread held besides A, intersected over every time
 * the edge was taken. A cycle is reported only if its edges could all wait at once: no lock is
 * held by two of them. A lock held across every edge (a gate lock) serialises them, and an edge
 * taken holding another edge's first lock cannot wait while that edge's thread holds it: such
 * cycles cannot deadlock and are not reported. Two members of one family nested are no edge:
 * the order among a family's members is not followed (a family is one node; a consistent order
 * over 10,000 members must not look like a cycle).
 *
 * <p>Only the rare path is here: edges new to a thread ({@link OrderEdges} keeps the hot path
 * out), at most one per ordered pair of locks per thread, plus each time an edge loses a gate. The
 * graph is guarded by this class's lock; reports are made outside it.
 */
final class LockOrder {
    /** Nodes the graph follows: a thread's held locks are one {@code long} of bits, one bit spare. */
    static final int MAX_LOCKS = 63;
    /** Steps of the search for cycles through one new edge: a dense graph must not stall a thread. */
    private static final int MAX_STEPS = 10_000;
    /** Distinct cycles remembered as reported; past it, none is reported again (the report table is bounded too). */
    private static final int MAX_REPORTED = 10_000;

    /** The rules' locks: nodes 0 to locks - 1; JNI monitor classes follow. */
    private static int locks;
    private static int n;
    /** Per ordered pair {@code from * n + to}: the edge, null if none. */
    private static OrderEdge[] edges = new OrderEdge[0];
    /** Per ordered pair: its gate locks, one bit each. */
    private static long[] gates = new long[0];
    /** The cycles reported, each by its lock numbers from the smallest on. */
    private static final Set<String> REPORTED = new HashSet<>();
    private static int steps;

    private LockOrder() {}

    /** With {@link Locks#define}: an empty graph over {@code locks} lock numbers. */
    static synchronized void define(int locks) {
        int jni = locks <= MAX_LOCKS ? Math.min(JniOrder.MAX_NODES, MAX_LOCKS - locks) : 0;
        LockOrder.locks = locks;
        n = locks + jni;
        JniOrder.define(locks, jni);
        edges = new OrderEdge[locks <= MAX_LOCKS ? n * n : 0];
        gates = new long[edges.length];
        REPORTED.clear();
        if (locks > MAX_LOCKS) {
            Errors.note("the rules name " + locks + " locks: lock order is followed for " + MAX_LOCKS + " at most, so not at all");
        }
    }

    /** The graph's nodes: the rules' locks and room for JNI monitor classes (the stride of {@link Ledger#knownEdges}). */
    static int nodes() {
        return n;
    }

    /** A node's name: the lock's from the rules, or a JNI monitor class's label. */
    static String name(int node) {
        return node < locks ? Locks.name(node) : JniOrder.label(node);
    }

    /** Whether the ledger's thread holds node {@code from} through JNI MonitorEnter, not in its ledger. */
    private static boolean heldNatively(Ledger ledger, int from) {
        return from >= locks || ledger.counts[from] == 0;
    }

    /** The edges in the graph: at most the number of locks squared, whatever the run. */
    static synchronized int edgeCount() {
        int count = 0;
        for (OrderEdge e : edges) {
            count += e == null ? 0 : 1;
        }
        return count;
    }

    /**
     * Before an enforced lock is taken at {@code site}: the error that refuses the acquisition if
     * it would close a cycle (reported first), else null. Only a thread holding other locks (in
     * its ledger, or, inside an upcall, JNI monitors its native code entered), not yet holding
     * this one, and taking an edge it has not given the graph can be refused.
     */
    static GilguardError refuses(Ledger ledger, int lock, int site) {
        boolean upcall = ledger.crossing != 0;
        if ((ledger.held == 0 && !upcall) || ledger.counts[lock] != 0) {
            return null;
        }
        long held = OrderEdges.held(ledger, lock) | (upcall ? JniOrder.held(ledger) & ~(1L << lock) : 0);
        if (held == 0 || OrderEdges.known(ledger, lock, held)) {
            return null;
        }
        return add(ledger, lock, site, held, true);
    }

    /**
     * The edges into {@code lock} from each {@code held} lock, taken at {@code site}: added to
     * the graph, and each cycle they close reported once. With {@code refuse} (an enforced
     * acquisition, before it happens), a cycle refuses it: reported (counted at each refusal),
     * the edges left out, and the error to throw returned.
     */
    static GilguardError add(Ledger ledger, int lock, int site, long held, boolean refuse) {
        if (ledger.busy) {
            return null;
        }
        try {
            // Taken only for an edge new to the graph: an edge the graph has, new to this thread
            // only (every new thread's first nested acquisitions), walks no stack.
            String thread = null;
            StackTraceElement[] stack = null;
            List<OrderEdge[]> cycles = new ArrayList<>();
            boolean refused;
            synchronized (LockOrder.class) {
                if (ledger.counts.length != locks || edges.length == 0) {
                    return null;
                }
                OrderEdge[] fresh = new OrderEdge[n];
                long[] freshGates = new long[n];
                for (long h = held; h != 0; h &= h - 1) {
                    int from = Long.numberOfTrailingZeros(h);
                    int pair = from * n + lock;
                    long g = (held & ~(1L << from)) & (edges[pair] == null ? -1L : gates[pair]);
                    if (edges[pair] == null || g != gates[pair]) {
                        // The occurrence that took a gate away is the one a report shows.
                        if (stack == null) {
                            thread = Thread.currentThread().getName();
                            stack = Stacks.here();
                        }
                        boolean natively = heldNatively(ledger, from);
                        fresh[from] = new OrderEdge(from, lock, thread, natively ? JniOrder.site(ledger, from)
                                : ledger.sites[from], site, stack, natively);
                        freshGates[from] = g;
                        closed(fresh[from], g, refuse, cycles);
                    }
                }
                // A refused acquisition changes nothing: the thread's next try is judged again.
                refused = refuse && !cycles.isEmpty();
                for (int from = 0; from < n && !refused; from++) {
                    if (fresh[from] != null) {
                        edges[from * n + lock] = fresh[from];
                        gates[from * n + lock] = freshGates[from];
                    }
                }
                long[] known = ledger.knownEdges;
                if (known == null || known.length != edges.length) {
                    known = ledger.knownEdges = new long[edges.length];
                }
                for (long h = held; h != 0 && !refused; h &= h - 1) {
                    int pair = Long.numberOfTrailingZeros(h) * n + lock;
                    known[pair] = OrderEdges.KNOWN | gates[pair];
                }
            }
            return report(ledger, lock, site, cycles, refused);
        } catch (Throwable t) {
            Errors.internal(t);
        }
        return null;
    }

    /** Each cycle from {@code edge} back to its start that could deadlock, not yet reported (any, under {@code refuse}), added to {@code cycles}. */
    private static void closed(OrderEdge edge, long edgeGates, boolean refuse, List<OrderEdge[]> cycles) {
        steps = 0;
        int[] path = new int[n + 1];
        path[0] = edge.toLock();
        search(edge, edgeGates | 1L << edge.fromLock(), path, 1, 1L << edge.toLock(), refuse, cycles);
    }

    /**
     * Depth first, in lock-number order (a run reports the same cycle every time), over simple
     * paths. {@code held}: the locks the edges so far were taken holding (their gates and their
     * first lock); an edge that was taken holding one of them cannot wait at the same time as
     * the edge that holds it, so no cycle goes through both. A common gate lock is one such lock.
     */
    private static void search(OrderEdge edge, long held, int[] path, int depth, long visited, boolean refuse,
                               List<OrderEdge[]> cycles) {
        int at = path[depth - 1];
        for (int next = 0; next < n && steps < MAX_STEPS; next++) {
            int pair = at * n + next;
            if (edges[pair] == null || (visited & 1L << next) != 0) {
                continue;
            }
            steps++;
            long holding = gates[pair] | 1L << at;
            if ((holding & held) != 0) {
                continue;
            }
            path[depth] = next;
            if (next == edge.fromLock()) {
                found(edge, path, depth + 1, refuse, cycles);
            } else {
                search(edge, held | holding, path, depth + 1, visited | 1L << next, refuse, cycles);
            }
        }
    }

    private static void found(OrderEdge edge, int[] path, int length, boolean refuse, List<OrderEdge[]> cycles) {
        String key = key(path, length);
        if (!refuse) {
            if (REPORTED.size() >= MAX_REPORTED || !REPORTED.add(key)) {
                return;
            }
        }
        OrderEdge[] cycle = new OrderEdge[length];
        for (int i = 0; i + 1 < length; i++) {
            cycle[i] = edges[path[i] * n + path[i + 1]];
        }
        cycle[length - 1] = edge;
        cycles.add(cycle);
    }

    /** The cycle's lock numbers from the smallest on: the same cycle whichever edge closed it. */
    private static String key(int[] path, int length) {
        int min = 0;
        for (int i = 1; i < length; i++) {
            if (path[i] < path[min]) {
                min = i;
            }
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(path[(min + i) % length]).append(',');
        }
        return b.toString();
    }

    /** Reports each cycle; the error for the first under {@code refuse}. */
    private static GilguardError report(Ledger ledger, int lock, int site, List<OrderEdge[]> cycles, boolean refuse) {
        GilguardError error = null;
        for (OrderEdge[] cycle : cycles) {
            Violation.Builder report = Violation.of(Kind.LOCK_ORDER_INVERSION).site(site).cycle(cycle);
            if (lock < locks) {
                report.lock(lock);
            } else {
                report.label(JniOrder.label(lock));
            }
            Violations.report(ledger, report);
            if (refuse && error == null) {
                error = Enforce.error(report.build());
            }
        }
        return error;
    }
}
