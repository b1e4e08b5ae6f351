package io.gilguard.runtime;

import java.util.Arrays;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import jdk.internal.vm.annotation.ForceInline;

/**
 * The policies, run by the advice around every boundary method (a wrapped {@code native} method,
 * an upcall). {@link #enter} checks or changes what the thread holds and notes on the ledger's
 * stack what it did; {@link #exit} undoes exactly that, then checks that the boundary gave back
 * every lock it took.
 *
 * <p>One crossing, one report. An upcall entered while the innermost boundary open on the thread
 * is an upcall (an upcall method called by another, on the same thread, with no downcall
 * boundary between: RocksDB's private {@code onFlushCompletedProxy}, which native code calls,
 * calling the public {@code onFlushCompleted}, both matched by {@code on*}) is part of that
 * upcall's crossing, which is checked at its outermost frame, where native code entered Java:
 * <ul>
 * <li>the inner frame does not check what it kept at return (the outermost frame's exit sees the
 *     same locks and reports {@code LEAKED_AT_RETURN} there);
 * <li>a {@code require} or {@code forbid} broken at the inner frame is not reported when a frame
 *     enclosing it in the crossing already reported the same policy broken for the same lock
 *     (under {@code enforce} the inner frame is still refused); another lock, another policy, or
 *     a lock taken or let go in between is checked and reported at the inner frame;
 * <li>{@code acquire} and {@code release} act at every frame, reentrantly, as ever.
 * </ul>
 * A downcall always starts a new crossing, and so does an upcall inside it (upcall, downcall,
 * upcall: the inner upcall is checked in full). A downcall is never part of another: between two
 * downcall boundaries native code has called back into Java.
 */
public final class Boundaries {
    public static final int REQUIRE = 0;
    public static final int FORBID = 1;
    public static final int ACQUIRE = 2;
    public static final int RELEASE = 3;
    public static final int AUDIT = 4;

    // What enter did, as the low 4 bits of a word on the ledger's stack; the lock number
    // follows in 16 bits. ENTRY opens a boundary: the ledger's held count in bits 4-27,
    // AFTER_UPCALL (bit 29), JNI_CALLER (bit 30), JNI_MARK (bit 31), its sequence in 32-63.
    // Holds.NATIVE and Holds.PAUSED (6, 7) time the native calls made holding a lock. (3 was a
    // per-call audit timer.)
    private static final int ACQUIRED = 1;
    private static final int RELEASED = 2;
    private static final int ENTRY = 4;
    /** A require or forbid broken and reported at entry: {@code REPORTED | lock << 4 | policy << 20}. */
    private static final int REPORTED = 5;
    /**
     * In an ENTRY word: the innermost boundary open when it was entered was an upcall (the
     * ledger's {@link Ledger#crossing}). An upcall entered so continues that upcall's crossing.
     */
    private static final long AFTER_UPCALL = 1L << 29;
    /**
     * In an ENTRY word: under the boundary's JNI mark lies the word of what the record said of
     * its caller's native frame (its site, its lock-order key). Without it both were 0, as they
     * are at a thread's outermost downcall: one word less to push and pop.
     */
    private static final long JNI_CALLER = 1L << 30;
    /**
     * In an ENTRY word: under it lies the boundary's JNI mark (the record's sequence number and
     * depth at entry). Without it the depth was 0, as it is unless native code called back into
     * Java holding a JNI monitor: then every monitor held at exit was entered since.
     */
    private static final long JNI_MARK = 1L << 31;
    /** In a RELEASED word: the call is timed ({@link Releases}); its holds count is then 21 bits. */
    private static final long TIMED = 1L << 63;

    private static volatile Boundary[] table = new Boundary[16];
    private static int count;

    private Boundaries() {}

    /**
     * Called at instrumentation time; returns the boundary's number for the advice. Per lock, its
     * policy and whether that policy is enforced (a require or a forbid under enforce, or an
     * acquire of an enforced lock, refused where it would close a lock-order cycle: see
     * {@link #enterEnforced}).
     */
    public static int define(int site, boolean downcall, int[] locks, int[] policies, boolean[] enforced) {
        return define(new Boundary(site, downcall, locks.clone(), policies.clone(), enforced.clone(), false, null), locks,
                policies, enforced);
    }

    /**
     * {@link #define} for a downcall made through the JDK or a library (an FFM downcall handle, a
     * JNA function or {@code Library} interface): reports name the application's frame that made
     * the call, and {@code symbol}, the C function (null if not known).
     */
    public static int defineAtCaller(int site, String symbol, int[] locks, int[] policies, boolean[] enforced) {
        return define(new Boundary(site, true, locks.clone(), policies.clone(), enforced.clone(), true, symbol), locks,
                policies, enforced);
    }

    private static synchronized int define(Boundary b, int[] locks, int[] policies, boolean[] enforced) {
        if (policies.length != locks.length || enforced.length != locks.length) {
            throw new IllegalArgumentException("one policy and one enforced flag per lock");
        }
        Boundary[] t = table;
        if (count == t.length) {
            t = Arrays.copyOf(t, count * 2);
        }
        t[count] = b;
        table = t;
        return count++;
    }

    /** What a rule names a downcall by: {@code native:SYMBOL}, or {@code CLASS#METHOD}. */
    public static String named(int id) {
        Boundary b = table[id];
        return b.symbol != null ? "native:" + b.symbol : Sites.className(b.site) + "#" + Sites.method(b.site);
    }

    /**
     * The boundary's kind and policies as one constant, for the advice to pass to
     * {@link #enter(int, long)}, {@link #enterUpcall(int, long)} and {@link #exit(int, long, Ledger)}
     * ({@link BoundaryShape}). Called at instrumentation time.
     */
    public static long shape(int id) {
        return table[id].shape;
    }

    /** Whether one of the boundary's policies is enforced (a require or a forbid under enforce). */
    static boolean enforces(int id) {
        for (boolean e : table[id].enforced) {
            if (e) {
                return true;
            }
        }
        return false;
    }

    /** A hold whose native calls took this long in all is a LONG_HOLD_ACROSS_NATIVE finding ({@link Holds}). */
    public static void longHold(long nanos) {
        Holds.longHold(nanos);
    }

    /** {@link #enter(int, long)} where the caller has no shape to give (the number is not a constant). */
    public static Ledger enter(int id) {
        return enter(id, 0);
    }

    /**
     * Runs the boundary's policies on the way in. Returns the ledger for {@link #exit}, null
     * when the agent failed (and said so). Kept small so that the JIT inlines it into every
     * boundary: each rare case is a call of its own. {@code shape}: {@link #shape}{@code (id)},
     * a constant in the advice, or 0 to read it from the table. Forced inline, with what it
     * calls on the common path: the JIT's size heuristics once left it, or {@link #policies},
     * compiled on its own ("already compiled into a big method"), where no constant reaches.
     */
    @ForceInline
    public static Ledger enter(int id, long shape) {
        Ledger ledger = null;
        int mark = 0;
        try {
            if (shape == 0) {
                shape = table[id].shape;
            }
            ledger = Ledger.current();
            mark = ledger.top;
            boolean downcall = BoundaryShape.downcall(shape);
            long record = BoundaryShape.jniMarks(shape) ? ledger.jniRecord : 0;
            int orderKey = 0;
            long entry = 0;
            int jniDepth = -1;
            if (record != 0) {
                long caller = JniMonitors.frame(record);
                orderKey = (int) (caller >>> 32);
                if (caller != 0) {
                    ledger.push(caller);
                    entry = JNI_CALLER;
                }
                long jniMark = JniMonitors.mark(record);
                jniDepth = (int) jniMark;
                if (jniDepth != 0) {
                    ledger.push(jniMark);
                    entry |= JNI_MARK;
                }
                JniMonitors.entering(record, table[id].site);
            }
            boolean paused = !downcall && Holds.inNative(ledger);
            if (paused) {
                Holds.pause(ledger);
            }
            policies(ledger, id, shape, entry, jniDepth);
            if (downcall) {
                if (ledger.held > 0) {
                    Holds.downcallEntered(ledger, table[id]);
                    if (record != 0) {
                        JniMonitors.orderKey(record, JniOrder.key(ledger));
                    }
                } else if (orderKey != 0) {
                    JniMonitors.orderKey(record, 0); // a release policy let go of what the caller held
                }
            } else if (paused) {
                ledger.push(Holds.PAUSED);
            }
            ledger.crossing = downcall ? 0 : AFTER_UPCALL;
            if (BoundaryShape.learned(shape)) {
                LearnHooks.downcallEntered(ledger, id, table[id]);
            }
            return ledger;
        } catch (Throwable t) {
            return failed(ledger, mark, t);
        }
    }

    /** {@link #enterUpcall(int, long)} where the caller has no shape to give. */
    public static Ledger enterUpcall(int id) {
        return enterUpcall(id, 0);
    }

    /**
     * {@link #enter} for an upcall, which has no JNI monitor mark to take: without that branch
     * (and its buffer reads) the JIT still inlines the whole of it into every callback.
     */
    @ForceInline
    public static Ledger enterUpcall(int id, long shape) {
        Ledger ledger = null;
        int mark = 0;
        try {
            if (shape == 0) {
                shape = table[id].shape;
            }
            ledger = Ledger.current();
            mark = ledger.top;
            boolean paused = Holds.inNative(ledger);
            if (paused) {
                Holds.pause(ledger); // before the policies: waiting for an acquire is not native time
            }
            policies(ledger, id, shape, 0, -1);
            if (paused) {
                ledger.push(Holds.PAUSED);
            }
            ledger.crossing = AFTER_UPCALL;
            return ledger;
        } catch (Throwable t) {
            return failed(ledger, mark, t);
        }
    }

    private static Ledger failed(Ledger ledger, int mark, Throwable t) {
        if (ledger != null) {
            ledger.top = mark;
        }
        Errors.internal(t);
        return null;
    }

    /**
     * {@code entry}: the flags of the ENTRY word that the caller knows of ({@link #JNI_CALLER},
     * {@link #JNI_MARK}); {@code jniDepth}: the JNI monitors the thread holds, as the mark just read
     * them, or -1 if not read.
     */
    @ForceInline
    private static void policies(Ledger ledger, int id, long shape, long entry, int jniDepth) {
        ledger.push(ENTRY | (ledger.held & 0xFFFFFFL) << 4 | ledger.crossing | entry | (long) ledger.seq << 32);
        ledger.boundarySeq = ledger.seq;
        if (!BoundaryShape.downcall(shape)) {
            // before an acquire policy takes its lock: native code under the upcall may hold JNI monitors
            ledger.crossing = AFTER_UPCALL;
        }
        if (BoundaryShape.inTable(shape)) {
            Boundary b = table[id];
            for (int i = 0; i < b.locks.length; i++) {
                policy(ledger, id, i, b.locks[i], b.policies[i], jniDepth);
            }
            return;
        }
        // with a constant shape, unrolled: each slot's lock and policy are constants
        int n = BoundaryShape.count(shape);
        for (int i = 0; i < n; i++) {
            policy(ledger, id, i, BoundaryShape.lock(shape, i), BoundaryShape.policy(shape, i), jniDepth);
        }
    }

    /** The boundary's {@code i}th policy, {@code policy}, on lock {@code lock}. */
    @ForceInline
    private static void policy(Ledger ledger, int id, int i, int lock, int policy, int jniDepth) {
        boolean held = ledger.counts[lock] != 0;
        switch (policy) {
            case REQUIRE:
                if (!held) {
                    notHeld(ledger, id, i, lock);
                }
                break;
            case FORBID:
                if (held || JvmHolds.untracked(ledger, lock, jniDepth)) {
                    forbidden(ledger, id, i, lock, held);
                }
                break;
            case ACQUIRE:
                if (!held) {
                    take(ledger, lock, id, i);
                }
                break;
            case RELEASE:
                if (held) {
                    letGo(ledger, lock);
                }
                break;
            case AUDIT:
                break; // every boundary measures the holds that cross it (Holds)
            default:
                break;
        }
    }

    /** {@link #exit(int, long, Ledger)} where the caller has no shape to give. */
    public static void exit(int id, Ledger ledger) {
        exit(id, 0, ledger);
    }

    /**
     * {@link #exit(int, long, Ledger)} where the boundary method throws: the same, but called, not
     * forced inline, so that the method's compiled code stays small enough to inline where it is
     * called (a wrapped native method called by the application's code).
     */
    public static void exitThrown(int id, long shape, Ledger ledger) {
        exit(id, shape, ledger);
    }

    /**
     * Undoes what {@link #enter} did, then checks that the boundary gave back what it took.
     * {@code shape} as {@link #enter(int, long)}'s.
     */
    @ForceInline
    public static void exit(int id, long shape, Ledger ledger) {
        if (ledger == null) {
            return;
        }
        try {
            if (shape == 0) {
                shape = table[id].shape;
            }
            long word = ledger.pop();
            while ((word & 0xF) != ENTRY) {
                undo(ledger, word, id);
                word = ledger.pop();
            }
            ledger.crossing = word & AFTER_UPCALL;
            // an upcall inside an upcall leaves its leak to the crossing's outermost frame
            boolean kept = ledger.held > (int) (word >>> 4 & 0xFFFFFF)
                    && (BoundaryShape.downcall(shape) || ledger.crossing == 0);
            if (kept) {
                leaked(ledger, table[id], (int) (word >>> 32));
            }
            long record = BoundaryShape.jniMarks(shape) ? ledger.jniRecord : 0;
            if (record != 0) {
                long mark = (word & JNI_MARK) != 0 ? ledger.pop() : 0;
                long caller = (word & JNI_CALLER) != 0 ? ledger.pop() : 0;
                JniMonitors.enteringFrom(record, caller); // the caller's native frame, if any, again
                if (JniMonitors.changed(record, mark)) {
                    kept |= JniMonitors.leaked(table[id].site, mark);
                }
            }
            if (BoundaryShape.learned(shape)) {
                LearnHooks.downcallExited(ledger, id, kept);
            }
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    /**
     * {@link #enter} for a boundary with an enforced policy: returns the ledger, or, when an
     * enforced policy was broken, the error to throw instead of running the method (and what
     * enter did is undone).
     */
    public static Object enterEnforced(int id) {
        try {
            Ledger.current().refusal = null; // none left behind by an enter that failed half-way
        } catch (Throwable t) {
            Errors.internal(t);
            return null;
        }
        Ledger ledger = enter(id);
        if (ledger == null || ledger.refusal == null) {
            return ledger;
        }
        GilguardError refused = ledger.refusal;
        ledger.refusal = null;
        exit(id, ledger);
        return refused;
    }

    private static void notHeld(Ledger ledger, int id, int policy, int lock) {
        Boundary b = table[id];
        if (JvmHolds.untracked(ledger, lock)) {
            return;
        }
        if (OlderHolds.older(ledger) && !JvmHolds.askable(lock)) {
            // a hold older than the attach may meet it, and nobody can say
            OlderHolds.requireNotJudged();
            return;
        }
        Violation.Builder report = Violation.of(Kind.REQUIRED_NOT_HELD).lock(lock).site(b.reportedSite()).symbol(b.symbol);
        reportOnce(ledger, id, report, REQUIRE, lock);
        refuse(ledger, id, policy, report);
    }

    /** {@code tracked}: the ledger holds the lock (else the JVM said it is held where gilguard did not see it taken). */
    private static void forbidden(Ledger ledger, int id, int policy, int lock, boolean tracked) {
        if (tracked && !JvmHolds.confirmed(ledger, lock)) {
            return; // the ledger outlived the hold: the JVM says the lock is free
        }
        Boundary b = table[id];
        Violation.Builder report = Violation.of(Kind.FORBIDDEN_HELD).lock(lock).site(b.reportedSite()).symbol(b.symbol)
                .acquiredAt(tracked ? ledger.sites[lock] : 0).member(tracked ? heldMember(ledger, lock) : null);
        reportOnce(ledger, id, report, FORBID, lock);
        refuse(ledger, id, policy, report);
    }

    /**
     * Reports a require or forbid broken at entry, unless a frame enclosing this one in its
     * crossing reported the same policy broken for the same lock; and notes it on the stack for
     * the frames inside.
     */
    private static void reportOnce(Ledger ledger, int id, Violation.Builder report, int policy, int lock) {
        long word = REPORTED | (long) lock << 4 | (long) policy << 20;
        if (!inCrossing(ledger, table[id], word)) {
            Violations.report(ledger, report);
            ledger.push(word);
        }
    }

    /**
     * Whether a frame that encloses the current boundary {@code b} in its crossing has
     * {@code word} on the ledger's stack: skips the current frame's words, then searches each
     * enclosing frame's while the frame just passed was entered inside it (each such frame is an
     * upcall: no JNI mark under its ENTRY). Violation path only.
     */
    private static boolean inCrossing(Ledger ledger, Boundary b, long word) {
        if (b.downcall) {
            return false; // a downcall is the only frame of its crossing
        }
        long[] stack = ledger.stack;
        boolean enclosing = false;
        for (int i = ledger.top - 1; i >= 0; i--) {
            long w = stack[i];
            int tag = (int) w & 0xF;
            if (tag == ENTRY) {
                if ((w & AFTER_UPCALL) == 0) {
                    return false; // the outermost frame of the crossing
                }
                enclosing = true;
            } else if (enclosing && w == word) {
                return true;
            } else if (tag == RELEASED || tag == Holds.NATIVE) {
                i--; // the site or the native time under it
            }
        }
        return false;
    }

    /** Under an enforced policy, the first violation at this boundary is what the advice throws. */
    private static void refuse(Ledger ledger, int id, int policy, Violation.Builder report) {
        if (!ledger.busy && ledger.refusal == null && table[id].enforced[policy]) {
            ledger.refusal = Enforce.error(report.build());
        }
    }

    /** For a family, the member the thread took first of those it holds; null otherwise. */
    private static Object heldMember(Ledger ledger, int lock) {
        MemberHolds m = ledger.members;
        Object first = null;
        int seq = 0;
        for (int i = 0; m != null && i < m.size; i++) {
            if (m.families[i] == lock && (first == null || m.seqs[i] - seq < 0)) {
                first = m.objects[i];
                seq = m.seqs[i];
            }
        }
        return first;
    }

    /**
     * {@code policy}: which of boundary {@code id}'s policies; where it is enforced, an
     * acquisition that would close a lock-order cycle is refused before it can wait (the refusal
     * is what {@link #enterEnforced} throws).
     */
    private static void take(Ledger ledger, int lock, int id, int policy) {
        Lock l = lockObject(lock, "acquire");
        if (l == null) {
            return;
        }
        Boundary b = table[id];
        boolean enforced = b.enforced[policy];
        if (enforced && !ledger.busy && ledger.refusal == null) {
            GilguardError refused = LockOrder.refuses(ledger, lock, b.site);
            if (refused != null) {
                ledger.refusal = refused;
                return;
            }
        }
        l.lock();
        // the ledger keeps site 0 (a policy's hold); the lock-order edge names the boundary
        ledger.acquiringAt = b.site;
        ledger.acquire(lock, 0);
        ledger.acquiringAt = 0;
        ledger.push(ACQUIRED | lock << 4);
    }

    private static void letGo(Ledger ledger, int lock) {
        Lock l = lockObject(lock, "release");
        if (l == null) {
            return;
        }
        // Let go of every hold the JVM knows of, even those taken where gilguard does not see,
        // or the other threads would still wait.
        int holds = holdCount(l, ledger.counts[lock]);
        int site = ledger.sites[lock];
        boolean timed = Releases.sample(ledger);
        long from = timed ? System.nanoTime() : 0;
        int n = ledger.suspend(lock);
        for (int i = 0; i < holds; i++) {
            l.unlock();
        }
        if (timed) {
            Releases.letGo(ledger, from);
        }
        ledger.push(site);
        ledger.push(RELEASED | lock << 4 | (long) n << 20 | (long) holds << 42 | (timed ? TIMED : 0));
    }

    private static void undo(Ledger ledger, long action, int id) {
        int lock = (int) (action >>> 4) & 0xFFFF;
        switch ((int) action & 0xF) {
            case ACQUIRED:
                // The callback may have unlocked the agent's hold itself; then there is nothing left to give back.
                if (ledger.release(lock)) {
                    ((Lock) Locks.bound[lock]).unlock();
                }
                break;
            case RELEASED: {
                int n = (int) (action >>> 20) & 0x3FFFFF;
                int holds = (int) (action >>> 42) & 0x1FFFFF;
                int site = (int) ledger.pop();
                long returned = (action & TIMED) != 0 ? System.nanoTime() : 0;
                Lock l = (Lock) Locks.bound[lock];
                for (int i = 0; i < holds; i++) {
                    l.lock();
                }
                ledger.resume(lock, n);
                ledger.sites[lock] = site;
                if ((action & TIMED) != 0) {
                    Releases.takenBack(ledger, table[id], lock, returned);
                }
                break;
            }
            case Holds.NATIVE:
                Holds.downcallExited(ledger, action, table[id]);
                break;
            case Holds.PAUSED:
                Holds.resume(ledger);
                break;
            case REPORTED:
                break;
            default:
                throw new IllegalStateException("unknown boundary action " + action);
        }
    }

    /**
     * Which locks the boundary took and kept: those taken (outermost) after it was entered; when
     * it kept only reentries of locks held before it, those reentered since it was entered.
     */
    private static void leaked(Ledger ledger, Boundary b, int seqAtEntry) {
        int site = b.reportedSite(); // a stack walk for a call made through FFM or JNA: once
        if (!leakedSince(ledger, b, site, seqAtEntry, false)) {
            leakedSince(ledger, b, site, seqAtEntry, true);
        }
    }

    /**
     * Reports the held locks taken after {@code seqAtEntry}: taken outermost, or, with
     * {@code reentered}, taken before it and held now more times than then; whether any was.
     */
    private static boolean leakedSince(Ledger ledger, Boundary b, int site, int seqAtEntry, boolean reentered) {
        boolean named = false;
        for (int lock = 0; lock < ledger.counts.length; lock++) {
            if (ledger.counts[lock] > 0 && !Locks.family(lock) && (reentered
                    ? ledger.reenteredSeq[lock] - seqAtEntry > 0 && ledger.counts[lock] > ledger.reentryBase[lock]
                    : ledger.acquiredSeq[lock] - seqAtEntry > 0)) {
                Violations.report(ledger, Violation.of(Kind.LEAKED_AT_RETURN).lock(lock).site(site)
                        .symbol(b.symbol).acquiredAt(ledger.sites[lock]));
                named = true;
            }
        }
        MemberHolds m = ledger.members;
        for (int i = 0; m != null && i < m.size; i++) {
            if (reentered ? m.reentered[i] - seqAtEntry > 0 && m.counts[i] > m.reentryBase[i]
                    : m.seqs[i] - seqAtEntry > 0) {
                Violations.report(ledger, Violation.of(Kind.LEAKED_AT_RETURN).lock(m.families[i]).member(m.objects[i])
                        .site(site).symbol(b.symbol).acquiredAt(m.sites[i]));
                named = true;
            }
        }
        return named;
    }

    private static Lock lockObject(int lock, String policy) {
        Object o = Locks.resolve(lock);
        if (o instanceof Lock) {
            return (Lock) o;
        }
        Errors.note("policy " + policy + " on lock '" + Locks.name(lock) + "' cannot act: "
                + (o == null ? Locks.field(lock) + " holds no lock" : Locks.field(lock)
                        + " is a monitor, not a java.util.concurrent.locks.Lock"));
        return null;
    }

    private static int holdCount(Lock l, int tracked) {
        if (l instanceof ReentrantLock) {
            return ((ReentrantLock) l).getHoldCount();
        }
        if (l instanceof ReentrantReadWriteLock.WriteLock) {
            return ((ReentrantReadWriteLock.WriteLock) l).getHoldCount();
        }
        return tracked;
    }
}
