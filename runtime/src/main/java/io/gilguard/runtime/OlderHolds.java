package io.gilguard.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds older than the attach: a thread that ran before gilguard came may hold locks it never saw
 * taken, so what such a thread's ledger lacks is unknown, not absent. A verdict that rests on
 * that absence (a release with no acquisition seen, a {@code require} the ledger finds unmet) is
 * not given for a lock the JVM cannot be asked about (a method pair, a {@code Lock} other than a
 * {@code ReentrantLock} or write lock, a monitor already exited); it is counted instead, and said
 * at detach and exit. Where the JVM can be asked, its answer decides, as before.
 *
 * <p>Threads are told by their id, which the JVM hands out in the order threads are made: those
 * below {@link #firstNewThread} were made before the attach. At start-up there are none.
 */
public final class OlderHolds {
    private static volatile long firstNewThread;
    private static final AtomicLong RELEASES = new AtomicLong();
    private static final AtomicLong REQUIRES = new AtomicLong();

    private OlderHolds() {}

    /** An attach begins: every thread made so far may hold what gilguard did not see; the counts start afresh. */
    public static void attachNow() {
        firstNewThread = new Thread(() -> { }).getId();
        RELEASES.set(0);
        REQUIRES.set(0);
    }

    /** Whether the ledger's thread was made before the attach. On the violation path only. */
    static boolean older(Ledger ledger) {
        return ledger.threadId < firstNewThread;
    }

    /** A release that only a hold older than the attach could explain, let be. */
    static void releaseNotJudged() {
        RELEASES.incrementAndGet();
    }

    /** A {@code require} that only a hold older than the attach could meet, let be. */
    static void requireNotJudged() {
        REQUIRES.incrementAndGet();
    }

    /** What was not judged, as lines without the {@code gilguard: } prefix; none if nothing was. */
    public static List<String> said() {
        List<String> lines = new ArrayList<>();
        long releases = RELEASES.get();
        if (releases > 0) {
            lines.add(releases + (releases == 1 ? " release of a hold" : " releases of holds")
                    + " older than the attach " + (releases == 1 ? "was" : "were") + " not judged");
        }
        long requires = REQUIRES.get();
        if (requires > 0) {
            lines.add(requires + (requires == 1 ? " require check" : " require checks") + " on threads older than the"
                    + " attach " + (requires == 1 ? "was" : "were") + " not judged (the lock cannot be asked)");
        }
        return lines;
    }
}
