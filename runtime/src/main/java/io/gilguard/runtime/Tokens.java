package io.gilguard.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code token SAVE -> RESTORE}: what SAVE returns must come back through RESTORE once, on the
 * thread that saved it. A save notes the token in its thread's {@link TokenLedger}; a restore by
 * the saving thread finds it there and moves it to the ledger's ring of restored tokens. That is
 * the hot path: one thread-local look-up and a short scan of the thread's own arrays, no lock, no
 * allocation. Anything else is the violation path, which looks at every thread's ledger: a token
 * another thread saved and has not restored (restored by the wrong thread), or one already
 * restored (restored twice). Both are STATE_RESTORED_TWICE, the bug that deadlocks CPython when
 * two threads restore one {@code PyThreadState}; under {@code enforce} the restore is refused
 * before it runs. A token nobody ever saved (made before gilguard ran) is let be.
 *
 * <p>A thread that ends with tokens it never restored is reported (HELD_AT_THREAD_EXIT) by
 * {@link #threadEnded}, from the native hooks' thread end, on the ending thread; without them
 * (native=off, or the library could not load) by {@link #sweep}: when a thread saves its first
 * token, and at exit.
 */
public final class Tokens {
    private static final Object LOCK = new Object();
    /** Every thread's token ledger, until its thread ended and it was swept; copy on write, under LOCK. */
    private static volatile TokenLedger[] all = new TokenLedger[0];
    /** Orders restores across threads, for the violation path only: racy increments are fine. */
    private static long clock;

    private Tokens() {}

    /** SAVE returned a reference (null tokens are not followed). */
    public static void saved(Object token, int rule, int site) {
        if (token != null) {
            save(token, 0, rule, site);
        }
    }

    /** SAVE returned a number (a handle, a native pointer). */
    public static void saved(long token, int rule, int site) {
        save(null, token, rule, site);
    }

    /**
     * Before RESTORE runs; returns what to throw instead of running it ({@code enforce}), else
     * null. {@code site}: where its Java caller called it, or {@code own}, the method itself, when
     * the caller parked no site (code older than the attach, a method reference, reflection): a
     * report then looks for the caller's line.
     */
    public static GilguardError restoring(Object token, int rule, int site, int own) {
        return token == null ? null : restore(token, 0, rule, site, own);
    }

    public static GilguardError restoring(long token, int rule, int site, int own) {
        return restore(null, token, rule, site, own);
    }

    private static void save(Object ref, long value, int rule, int site) {
        try {
            Ledger ledger = Ledger.current();
            TokenLedger mine = ledger.tokens;
            if (mine == null) {
                mine = register(ledger);
            }
            mine.save(ref, value, rule, site);
        } catch (Throwable t) {
            Errors.internal(t);
        }
    }

    private static GilguardError restore(Object ref, long value, int rule, int site, int own) {
        try {
            Ledger ledger = Ledger.current();
            TokenLedger mine = ledger.tokens;
            if (mine != null) {
                int i = mine.find(ref, value, rule);
                if (i >= 0 && mine.takenSites[i] == 0) {
                    mine.restored(i, site, mine.threadName, clock++);
                    return null;
                }
            }
            return ledger.busy ? null : misrestored(mine, ref, value, rule, site == own ? CallerSite.callerOf(own) : site);
        } catch (Throwable t) {
            Errors.internal(t);
            return null;
        }
    }

    /** The violation path: the token is not one this thread saved and still has to restore. */
    private static GilguardError misrestored(TokenLedger mine, Object ref, long value, int rule, int site) {
        String thread = Thread.currentThread().getName();
        boolean enforced = States.tokenEnforced(rule);
        String saver;
        int saveSite;
        int prior;
        String note;
        synchronized (LOCK) {
            TokenLedger holder = null;
            int at = -1;
            if (mine != null && (at = mine.find(ref, value, rule)) >= 0) {
                holder = mine; // saved here, but another thread restored it first
            } else {
                for (TokenLedger other : all) {
                    if (other != mine && (at = other.find(ref, value, rule)) >= 0) {
                        holder = other;
                        break;
                    }
                }
            }
            if (holder != null) {
                saver = holder.threadName;
                saveSite = holder.saveSites[at];
                prior = holder.takenSites[at];
                if (prior != 0) {
                    note = "second restore, the first on thread \"" + holder.takenBy[at] + "\"";
                    if (!enforced) {
                        holder.restored(at, prior, holder.takenBy[at], clock++);
                        holder.remember(ref, value, rule, saveSite, site, thread, clock++);
                    }
                } else {
                    note = "restored by a thread that did not save it";
                    if (!enforced) {
                        // The restore goes ahead: the saver's own restore will be the second one.
                        holder.takenSites[at] = site;
                        holder.takenBy[at] = thread;
                    }
                }
            } else {
                TokenLedger last = null;
                int slot = -1;
                for (TokenLedger other : all) {
                    int r = other.lastRestore(ref, value, rule);
                    if (r >= 0 && (last == null || other.ringClock[r] > last.ringClock[slot])) {
                        last = other;
                        slot = r;
                    }
                }
                if (last == null) {
                    return null; // never saved while gilguard looked: nothing to say
                }
                saver = last.threadName;
                saveSite = last.ringSaveSites[slot];
                prior = last.ringRestoreSites[slot];
                note = "second restore, the first on thread \"" + last.ringRestorers[slot] + "\"";
                if (!enforced) {
                    last.remember(ref, value, rule, saveSite, site, thread, clock++);
                }
            }
        }
        Violation.Builder report = Violation.of(Kind.STATE_RESTORED_TWICE).label(States.tokenLabel(rule))
                .thread(thread).owner(saver.equals(thread) ? null : saver).site(site).acquiredAt(saveSite)
                .origin("saved").priorSite(prior).note(note);
        Violations.report(null, report);
        return enforced ? Enforce.error(report.build()) : null;
    }

    /** A thread's first save: its ledger joins the list the violation path looks at. Dead threads are swept first. */
    private static TokenLedger register(Ledger ledger) {
        TokenLedger mine = new TokenLedger(Thread.currentThread());
        List<TokenLedger> ended = new ArrayList<>();
        synchronized (LOCK) {
            List<TokenLedger> kept = new ArrayList<>(all.length + 1);
            for (TokenLedger t : all) {
                (t.alive() ? kept : ended).add(t);
            }
            kept.add(mine);
            all = kept.toArray(new TokenLedger[0]);
        }
        ledger.tokens = mine;
        for (TokenLedger t : ended) {
            unrestored(t);
        }
        return mine;
    }

    /**
     * The thread-end hook's entry, on the ending thread (its thread-locals may be gone already):
     * reports the tokens it never restored.
     */
    public static void threadEnded(Thread thread) {
        TokenLedger gone = null;
        synchronized (LOCK) {
            List<TokenLedger> kept = new ArrayList<>(all.length);
            for (TokenLedger t : all) {
                if (gone == null && t.thread.get() == thread) {
                    gone = t;
                } else {
                    kept.add(t);
                }
            }
            all = kept.toArray(new TokenLedger[0]);
        }
        if (gone != null) {
            unrestored(gone);
        }
    }

    /** Reports and forgets the ledgers of threads that have ended (at exit, and when a thread registers). */
    public static void sweep() {
        List<TokenLedger> ended = new ArrayList<>();
        synchronized (LOCK) {
            List<TokenLedger> kept = new ArrayList<>(all.length);
            for (TokenLedger t : all) {
                (t.alive() ? kept : ended).add(t);
            }
            all = kept.toArray(new TokenLedger[0]);
        }
        for (TokenLedger t : ended) {
            unrestored(t);
        }
    }

    private static void unrestored(TokenLedger t) {
        for (int i = 0; i < t.count; i++) {
            if (t.takenSites[i] == 0) {
                Violations.report(null, Violation.of(Kind.HELD_AT_THREAD_EXIT).label(States.tokenLabel(t.rules[i]))
                        .thread(t.threadName).acquiredAt(t.saveSites[i]).origin("saved").note("token never restored"));
            }
        }
    }
}
