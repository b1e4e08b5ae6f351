package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One crossing, one report: an upcall entered directly inside an upcall on the same thread (a
 * private proxy that native code calls, calling the public callback; a glob matches both) is
 * part of the outer one's crossing; a downcall between them starts a new one. The boundaries are
 * entered and left here as the advice does, on a new thread per test.
 */
class CrossingTest {
    private static final int GIL = 0;
    private static final int OTHER = 1;
    private static final ReentrantLock[] LOCKS = {new ReentrantLock(), new ReentrantLock()};
    private static final int[] NONE = {};

    private static int tests;

    // Sites of each test's own (a violation is told apart by its sites, whichever thread saw it).
    private int proxy;
    private int callback;
    private int lockLine;

    @BeforeAll
    static void locks() {
        Locks.define(new String[] {"gil", "other"}, new int[2], new String[] {"t.Engine.GIL", "t.Engine.OTHER"});
        Locks.bind(LOCKS[GIL], GIL);
        Locks.bind(LOCKS[OTHER], OTHER);
    }

    @BeforeEach
    void sites() {
        int line = 100 * ++tests;
        proxy = Sites.register("t.Listener", "onEventProxy", "Listener.java", line);
        callback = Sites.register("t.Counter", "onEvent", "Counter.java", line + 1);
        lockLine = Sites.register("t.Counter", "onEvent", "Counter.java", line + 2);
    }

    @AfterAll
    static void noInternalError() {
        assertEquals(0, Errors.internalCount(), "internal errors");
    }

    @Test
    void aRequireBrokenAtBothFramesIsReportedOnceAtTheOutermost() throws Exception {
        int outer = upcall(proxy, Boundaries.REQUIRE, GIL);
        int inner = upcall(callback, Boundaries.REQUIRE, GIL);
        on("require-twice", () -> {
            for (int i = 0; i < 3; i++) {
                Ledger a = Boundaries.enterUpcall(outer);
                Ledger b = Boundaries.enterUpcall(inner);
                Boundaries.exit(inner, b);
                Boundaries.exit(outer, a);
            }
        });
        List<Violation> reports = reportsOf("require-twice");
        assertEquals(1, reports.size(), reports.toString());
        assertEquals(Kind.REQUIRED_NOT_HELD, reports.get(0).kind());
        assertEquals(proxy, reports.get(0).site());
        assertEquals(3, reports.get(0).count());
    }

    @Test
    void aForbidBrokenAtBothFramesIsReportedOnceAtTheOutermost() throws Exception {
        int outer = upcall(proxy, Boundaries.FORBID, GIL);
        int inner = upcall(callback, Boundaries.FORBID, GIL);
        on("forbid-twice", () -> holding(GIL, () -> {
            Ledger a = Boundaries.enterUpcall(outer);
            Ledger b = Boundaries.enterUpcall(inner);
            Boundaries.exit(inner, b);
            Boundaries.exit(outer, a);
        }));
        List<Violation> reports = reportsOf("forbid-twice");
        assertEquals(1, reports.size(), reports.toString());
        assertEquals(Kind.FORBIDDEN_HELD, reports.get(0).kind());
        assertEquals(proxy, reports.get(0).site());
        assertEquals(lockLine, reports.get(0).acquiredAt());
    }

    @Test
    void aLeakOfTheInnerFrameIsReportedOnceAtTheOutermost() throws Exception {
        int outer = upcall(proxy, Boundaries.AUDIT, GIL);
        int inner = upcall(callback, Boundaries.AUDIT, GIL);
        on("leak-once", () -> {
            Ledger a = Boundaries.enterUpcall(outer);
            Ledger b = Boundaries.enterUpcall(inner);
            take(GIL);
            Boundaries.exit(inner, b);
            Boundaries.exit(outer, a);
            give(GIL);
        });
        List<Violation> reports = reportsOf("leak-once");
        assertEquals(1, reports.size(), reports.toString());
        assertEquals(Kind.LEAKED_AT_RETURN, reports.get(0).kind());
        assertEquals(proxy, reports.get(0).site());
        assertEquals(lockLine, reports.get(0).acquiredAt());
    }

    @Test
    void anAcquireAtTheOutermostCoversTheInnerFrame() throws Exception {
        int outer = upcall(proxy, Boundaries.ACQUIRE, GIL);
        int inner = upcall(callback, Boundaries.REQUIRE, GIL);
        AtomicReference<Boolean> heldInside = new AtomicReference<>();
        AtomicReference<Boolean> heldAfter = new AtomicReference<>();
        on("acquire-outer", () -> {
            Ledger a = Boundaries.enterUpcall(outer);
            Ledger b = Boundaries.enterUpcall(inner);
            heldInside.set(LOCKS[GIL].isHeldByCurrentThread());
            Boundaries.exit(inner, b);
            Boundaries.exit(outer, a);
            heldAfter.set(LOCKS[GIL].isHeldByCurrentThread());
        });
        assertEquals(List.of(), reportsOf("acquire-outer"));
        assertTrue(heldInside.get());
        assertEquals(false, heldAfter.get());
    }

    @Test
    void whatTheOutermostDidNotReportIsReportedAtTheInnerFrame() throws Exception {
        int outer = upcall(proxy, Boundaries.REQUIRE, GIL);
        int inner = Boundaries.define(callback, false, new int[] {GIL, OTHER},
                new int[] {Boundaries.REQUIRE, Boundaries.REQUIRE}, new boolean[2]);
        on("inner-own", () -> {
            Ledger a = Boundaries.enterUpcall(outer);
            Ledger b = Boundaries.enterUpcall(inner); // gil: the outermost said it; other: its own
            Boundaries.exit(inner, b);
            Boundaries.exit(outer, a);
        });
        assertEquals(keys("REQUIRED_NOT_HELD gil " + proxy, "REQUIRED_NOT_HELD other " + callback),
                keysOf("inner-own"));
    }

    @Test
    void aLockLetGoBetweenTheFramesIsReportedAtTheInnerFrame() throws Exception {
        int outer = upcall(proxy, Boundaries.REQUIRE, GIL);
        int inner = upcall(callback, Boundaries.REQUIRE, GIL);
        on("let-go", () -> {
            take(GIL);
            Ledger a = Boundaries.enterUpcall(outer); // held: nothing to say
            give(GIL);
            Ledger b = Boundaries.enterUpcall(inner); // a new event: the crossing let it go
            Boundaries.exit(inner, b);
            take(GIL);
            Boundaries.exit(outer, a);
            give(GIL);
        });
        assertEquals(keys("REQUIRED_NOT_HELD gil " + callback), keysOf("let-go"));
    }

    @Test
    void aDowncallBetweenStartsANewCrossing() throws Exception {
        int outer = upcall(proxy, Boundaries.REQUIRE, GIL);
        int inner = upcall(callback, Boundaries.REQUIRE, GIL);
        int downcall = Boundaries.define(lockLine, true, NONE, NONE, new boolean[0]);
        on("new-crossing", () -> {
            Ledger a = Boundaries.enterUpcall(outer);
            Ledger d = Boundaries.enter(downcall);
            Ledger b = Boundaries.enterUpcall(inner); // native code called back: checked again
            Boundaries.exit(inner, b);
            Boundaries.exit(downcall, d);
            Boundaries.exit(outer, a);
        });
        assertEquals(keys("REQUIRED_NOT_HELD gil " + proxy, "REQUIRED_NOT_HELD gil " + callback),
                keysOf("new-crossing"));
    }

    @Test
    void aLeakInANewCrossingIsReportedAtItsOwnUpcall() throws Exception {
        int outer = upcall(proxy, Boundaries.AUDIT, GIL);
        int inner = upcall(callback, Boundaries.AUDIT, GIL);
        int downcall = Boundaries.define(lockLine, true, NONE, NONE, new boolean[0]);
        on("new-crossing-leak", () -> {
            Ledger a = Boundaries.enterUpcall(outer);
            Ledger d = Boundaries.enter(downcall);
            Ledger b = Boundaries.enterUpcall(inner);
            take(GIL);
            Boundaries.exit(inner, b);
            Boundaries.exit(downcall, d);
            Boundaries.exit(outer, a);
            give(GIL);
        });
        assertTrue(keysOf("new-crossing-leak").contains("LEAKED_AT_RETURN gil " + callback),
                keysOf("new-crossing-leak").toString());
    }

    @Test
    void aDowncallThatReturnedEndsItsCrossing() throws Exception {
        int outer = upcall(proxy, Boundaries.REQUIRE, GIL);
        int inner = upcall(callback, Boundaries.REQUIRE, GIL);
        int downcall = Boundaries.define(lockLine, true, NONE, NONE, new boolean[0]);
        on("after-downcall", () -> {
            Ledger a = Boundaries.enterUpcall(outer);
            Boundaries.exit(downcall, Boundaries.enter(downcall));
            Ledger b = Boundaries.enterUpcall(inner); // back in the outer crossing
            Boundaries.exit(inner, b);
            Boundaries.exit(outer, a);
            Ledger c = Boundaries.enterUpcall(inner); // after it: a crossing of its own
            Boundaries.exit(inner, c);
        });
        List<Violation> reports = reportsOf("after-downcall");
        assertEquals(keys("REQUIRED_NOT_HELD gil " + proxy, "REQUIRED_NOT_HELD gil " + callback),
                keysOf("after-downcall"));
        assertTrue(reports.stream().allMatch(v -> v.count() == 1), reports.toString());
    }

    @Test
    void anEnforcedInnerFrameIsStillRefused() throws Exception {
        int outer = upcall(proxy, Boundaries.REQUIRE, GIL);
        int inner = Boundaries.define(callback, false, new int[] {GIL}, new int[] {Boundaries.REQUIRE},
                new boolean[] {true});
        AtomicReference<Object> entered = new AtomicReference<>();
        on("enforced-inner", () -> {
            Ledger a = Boundaries.enterUpcall(outer);
            entered.set(Boundaries.enterEnforced(inner));
            Boundaries.exit(outer, a);
        });
        assertTrue(entered.get() instanceof GilguardError, String.valueOf(entered.get()));
        assertEquals(keys("REQUIRED_NOT_HELD gil " + proxy), keysOf("enforced-inner"));
    }

    @Test
    void aHoldsNativeCallsAreCountedOnceEachWithTheirUpcallsLeftOut() throws Exception {
        int callback = upcall(this.callback, Boundaries.AUDIT, OTHER);
        int nativeSite = Sites.register("t.Native", "run" + tests, null, -1);
        int downcall = Boundaries.define(nativeSite, true, NONE, NONE, new boolean[0]);
        AtomicReference<Ledger> ledger = new AtomicReference<>();
        Boundaries.longHold(0); // any hold that crossed native code is long: no timing in this test
        try {
            on("long-hold", () -> holding(OTHER, () -> {
                Ledger d = Boundaries.enter(downcall);
                Ledger u = Boundaries.enterUpcall(callback); // native code called back: Java time
                assertEquals(false, Holds.inNative(u));
                Boundaries.exit(callback, u);
                assertEquals(true, Holds.inNative(d));
                Boundaries.exit(downcall, d);
                Boundaries.exit(downcall, Boundaries.enter(downcall));
                ledger.set(d);
            }));
        } finally {
            Boundaries.longHold(100_000_000L);
        }
        assertEquals(keys("LONG_HOLD_ACROSS_NATIVE other " + nativeSite), keysOf("long-hold"));
        HoldSummary hold = reportsOf("long-hold").get(0).hold();
        assertEquals(2, hold.calls());
        assertEquals(List.of("Native.run" + tests), List.of(hold.methods()));
        assertEquals(2, hold.methodCalls(0));
        assertEquals(lockLine, reportsOf("long-hold").get(0).acquiredAt());
        assertEquals(0, ledger.get().top);
        assertEquals(false, Holds.inNative(ledger.get()));
    }

    @Test
    void onlyAHoldThatCrossedNativeCodeIsMeasured() throws Exception {
        int callback = upcall(this.callback, Boundaries.AUDIT, OTHER);
        int downcall = Boundaries.define(lockLine, true, NONE, NONE, new boolean[0]);
        Boundaries.longHold(0);
        try {
            on("no-native", () -> {
                holding(OTHER, () -> Boundaries.exit(callback, Boundaries.enterUpcall(callback))); // an upcall only
                Boundaries.exit(downcall, Boundaries.enter(downcall)); // a downcall holding nothing
                Ledger d = Boundaries.enter(downcall);
                Ledger u = Boundaries.enterUpcall(callback);
                holding(GIL, () -> { }); // taken and let go inside the callback: no native code in its hold
                Boundaries.exit(callback, u);
                Boundaries.exit(downcall, d);
            });
        } finally {
            Boundaries.longHold(100_000_000L);
        }
        assertEquals(List.of(), keysOf("no-native"));
    }

    @Test
    void theLedgerIsBackWhereItWasAfterEachCrossing() throws Exception {
        int outer = upcall(proxy, Boundaries.REQUIRE, GIL);
        int inner = upcall(callback, Boundaries.ACQUIRE, OTHER);
        AtomicReference<Ledger> ledger = new AtomicReference<>();
        on("balanced", () -> {
            Ledger a = Boundaries.enterUpcall(outer);
            Ledger b = Boundaries.enterUpcall(inner);
            Boundaries.exit(inner, b);
            Boundaries.exit(outer, a);
            ledger.set(a);
        });
        assertNotNull(ledger.get());
        assertEquals(0, ledger.get().top);
        assertEquals(0, ledger.get().crossing);
        assertEquals(0, ledger.get().held);
        assertSame(null, ledger.get().refusal);
    }

    private static int upcall(int site, int policy, int lock) {
        return Boundaries.define(site, false, new int[] {lock}, new int[] {policy}, new boolean[1]);
    }

    /** Takes the lock as rewritten application code does, at {@link #lockLine}. */
    private void take(int lock) {
        LOCKS[lock].lock();
        LockHooks.acquired(LOCKS[lock], lockLine);
    }

    private void give(int lock) {
        LOCKS[lock].unlock();
        LockHooks.released(LOCKS[lock], lockLine);
    }

    private void holding(int lock, Runnable body) {
        take(lock);
        try {
            body.run();
        } finally {
            give(lock);
        }
    }

    private static List<Violation> reportsOf(String thread) {
        return Violations.all().stream().filter(v -> thread.equals(v.thread())).collect(Collectors.toList());
    }

    /** Kind, lock and site number of each report of the thread, sorted. */
    private static List<String> keysOf(String thread) {
        return reportsOf(thread).stream().map(v -> v.kind() + " " + v.lock() + " " + v.site()).sorted()
                .collect(Collectors.toList());
    }

    private static List<String> keys(String... keys) {
        return Arrays.stream(keys).sorted().collect(Collectors.toList());
    }

    private static void on(String name, Runnable body) throws Exception {
        OnThread.run(name, body);
    }
}
