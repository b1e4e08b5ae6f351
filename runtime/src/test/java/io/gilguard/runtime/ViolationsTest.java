package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deduplication: reports that differ in any number stay apart, however large the number (a key
 * that packed lock and site numbers into a few bits merged lock 0 with lock 2048, and site 1 with
 * site 1 + 2^24), and a repeat only counts. Through the lock path, the one that packed them: a
 * release of a lock the thread does not hold.
 */
class ViolationsTest {
    private static final int LOCKS = 2049;
    private static final int SMALL = 0;
    private static final int LARGE = 2048;
    private static final Object[] OBJECTS = new Object[LOCKS];
    private final List<Violation> heard = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void locks() {
        String[] names = new String[LOCKS];
        String[] fields = new String[LOCKS];
        for (int i = 0; i < LOCKS; i++) {
            names[i] = "lock" + i;
            fields[i] = "t.Locks.lock" + i;
        }
        Locks.define(names, new int[LOCKS], fields); // every lock STATIC
        for (int lock : new int[] {SMALL, LARGE}) {
            OBJECTS[lock] = new Object();
            Locks.bind(OBJECTS[lock], lock);
        }
    }

    @BeforeEach
    void listen() {
        Violations.clear();
        Violations.sink(heard::add);
    }

    @AfterEach
    void stopListening() {
        Violations.sink(null);
    }

    @Test
    void twoLocksFarApartAreTwoReports() throws Exception {
        on("far-locks", () -> {
            LockHooks.released(OBJECTS[SMALL], 7);
            LockHooks.released(OBJECTS[LARGE], 7);
        });
        List<Violation> reports = reportsOf("far-locks");
        assertEquals(List.of("lock0", "lock2048"), reports.stream().map(Violation::lock).sorted()
                .collect(Collectors.toList()));
        assertEquals(2, heardOf("far-locks"));
    }

    @Test
    void twoSitesFarApartAreTwoReports() throws Exception {
        int far = 1 + (1 << 24);
        on("far-sites", () -> {
            LockHooks.released(OBJECTS[SMALL], 1);
            LockHooks.released(OBJECTS[SMALL], far);
        });
        List<Violation> reports = reportsOf("far-sites");
        assertEquals(List.of(1, far), reports.stream().map(Violation::site).sorted().collect(Collectors.toList()));
        assertEquals(2, heardOf("far-sites"));
    }

    @Test
    void aRepeatOnlyCounts() throws Exception {
        on("repeat", () -> {
            LockHooks.released(OBJECTS[LARGE], 9);
            LockHooks.released(OBJECTS[LARGE], 9);
        });
        List<Violation> reports = reportsOf("repeat");
        assertEquals(1, reports.size(), reports.toString());
        Violation v = reports.get(0);
        assertEquals(Kind.UNPAIRED_RELEASE, v.kind());
        assertEquals("lock2048", v.lock());
        assertEquals(9, v.site());
        assertEquals(2, v.count());
        assertEquals(1, heardOf("repeat"));
    }

    private static List<Violation> reportsOf(String thread) {
        return Violations.all().stream().filter(v -> thread.equals(v.thread())).collect(Collectors.toList());
    }

    private long heardOf(String thread) {
        synchronized (heard) {
            return heard.stream().filter(v -> thread.equals(v.thread())).count();
        }
    }

    /** On a new thread, so that its ledger is made after the locks are defined (a ledger is sized then). */
    private static void on(String name, Runnable body) throws Exception {
        Thread t = new Thread(body, name);
        t.start();
        t.join();
    }
}
