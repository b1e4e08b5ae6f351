package io.gilguard.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One violation a run must report, every field of it: the report's entry and the stderr line
 * {@code gilguard: KIND lock=L [object=O] thread="T" [owner="O"] [at SITE] [native=SYMBOL] [acquired at SITE] [hold count N] [(note)]}
 * ({@code state=} instead of {@code lock=} for FOREIGN_STATE, nothing for a kind about no lock).
 */
final class Report {
    final String kind;
    final String lock;
    final String thread;
    private String object;
    private String owner;
    private Site site;
    private Site acquiredAt;
    private long holdCount;
    private String note;
    private String symbol;
    private long count = 1;
    private final List<Edge> cycle = new ArrayList<>();

    private Report(String kind, String lock, String thread) {
        this.kind = kind;
        this.lock = lock;
        this.thread = thread;
    }

    /** A report about a lock (or, for FOREIGN_STATE, a state; null for none) on a thread. */
    static Report of(String kind, String lock, String thread) {
        return new Report(kind, lock, thread);
    }

    /** The label of a JNI monitor the rules do not name: {@code jni:CLASS}. */
    static String jni(String scenario, String simpleName) {
        return "jni:io.gilguard.apps." + scenario + "." + simpleName;
    }

    /** A lock family's member, as the report names it: {@code CLASS@HASH}. */
    Report object(String value) {
        object = value;
        return this;
    }

    Report owner(String value) {
        owner = value;
        return this;
    }

    Report at(Site value) {
        site = value;
        return this;
    }

    Report acquiredAt(Site value) {
        acquiredAt = value;
        return this;
    }

    Report holdCount(long value) {
        holdCount = value;
        return this;
    }

    /** The C function of a boundary a {@code native:} rule names: {@code native=SYMBOL}. */
    Report symbol(String value) {
        symbol = value;
        return this;
    }

    Report note(String value) {
        note = value;
        return this;
    }

    /**
     * The next edge of a lock-order cycle, in the cycle's order, the closing one last: {@code thread}
     * took {@code to} at {@code site} holding {@code from}, which it took at {@code heldAt} (null:
     * a JNI monitor native code entered with no Java frame under it, {@code taken in native code}).
     */
    Report edge(String from, String to, String thread, Site heldAt, Site site) {
        cycle.add(new Edge(from, to, thread, heldAt, site));
        return this;
    }

    /** How many times it was seen (identical reports are counted, not repeated); 1 unless set. */
    Report count(long value) {
        count = value;
        return this;
    }

    private String lockKey() {
        return kind.equals("FOREIGN_STATE") ? "state" : "lock";
    }

    /** The exact stderr line. */
    String line() {
        StringBuilder b = new StringBuilder("gilguard: ").append(kind);
        if (lock != null) {
            b.append(' ').append(lockKey()).append('=').append(lock);
        }
        if (object != null) {
            b.append(" object=").append(object);
        }
        b.append(" thread=\"").append(thread).append('"');
        if (owner != null) {
            b.append(" owner=\"").append(owner).append('"');
        }
        if (site != null) {
            b.append(" at ").append(site);
        }
        if (symbol != null) {
            b.append(" native=").append(symbol);
        }
        if (acquiredAt != null) {
            b.append(" acquired at ").append(acquiredAt);
        }
        if (holdCount > 0) {
            b.append(" hold count ").append(holdCount);
        }
        if (!cycle.isEmpty()) {
            b.append(" cycle");
            for (Edge e : cycle) {
                b.append(' ').append(e.from).append(" ->");
            }
            b.append(' ').append(cycle.get(0).from).append(':');
            for (int i = 0; i < cycle.size(); i++) {
                Edge e = cycle.get(i);
                b.append(i == 0 ? " \"" : "; \"").append(e.thread).append("\" took ").append(e.to).append(" at ")
                        .append(e.site).append(" holding ").append(e.from)
                        .append(e.heldAt == null ? " taken in native code" : " taken at " + e.heldAt);
            }
        }
        if (note != null) {
            b.append(" (").append(note).append(')');
        }
        return b.toString();
    }

    /** Whether a report entry is this one as the agent tells them apart (kind, lock, sites, note). */
    boolean sameKey(Map<String, Object> v) {
        return kind.equals(v.get("kind")) && Objects.equals(lock, v.get(lockKey()))
                && Objects.equals(note, v.get("note")) && Objects.equals(symbol, v.get("native")) && sameSite(site, v.get("site"))
                && sameSite(acquiredAt, v.get("acquiredAt"));
    }

    /** Every field of the entry. */
    void check(Map<String, Object> v, String where) {
        String what = line() + " " + where;
        assertEquals(thread, v.get("thread"), "thread of " + what);
        assertEquals(object, v.get("object"), "object of " + what);
        assertEquals(owner, v.get("owner"), "owner of " + what);
        assertTrue(v.containsKey("site") && v.containsKey("acquiredAt"), "site and acquiredAt keys of " + what);
        assertEquals(holdCount, v.get("holdCount"), "holdCount of " + what);
        assertEquals(count, v.get("count"), "count of " + what);
        if (cycle.isEmpty()) {
            assertTrue(!v.containsKey("cycle"), "no cycle in " + what);
        } else {
            assertTrue(v.get("cycle") instanceof List, "cycle of " + what);
            List<?> edges = (List<?>) v.get("cycle");
            assertEquals(cycle.size(), edges.size(), "edges of " + what);
            for (int i = 0; i < cycle.size(); i++) {
                cycle.get(i).check((Map<?, ?>) edges.get(i), "edge " + i + " of " + what);
            }
        }
        assertNotNull(v.get("firstSeen"), "firstSeen of " + what);
        Instant.parse((String) v.get("firstSeen")); // throws unless ISO-8601
    }

    private static boolean sameSite(Site expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        return actual instanceof Map && expected.json().equals(actual);
    }

    @Override
    public String toString() {
        return line() + " count " + count;
    }

    /** One edge of a lock-order cycle, as the report's {@code cycle} array has it. */
    private static final class Edge {
        final String from;
        final String to;
        final String thread;
        final Site heldAt;
        final Site site;

        Edge(String from, String to, String thread, Site heldAt, Site site) {
            this.from = from;
            this.to = to;
            this.thread = thread;
            this.heldAt = heldAt;
            this.site = site;
        }

        void check(Map<?, ?> e, String what) {
            assertEquals(from, e.get("from"), "from of " + what);
            assertEquals(to, e.get("to"), "to of " + what);
            assertEquals(thread, e.get("thread"), "thread of " + what);
            assertEquals(heldAt == null ? null : heldAt.json(), e.get("heldAt"), "heldAt of " + what);
            assertEquals(from.startsWith("jni:") ? (Object) true : (Object) false, e.get("heldNatively"), "heldNatively of " + what);
            assertEquals(site.json(), e.get("site"), "site of " + what);
        }
    }
}
