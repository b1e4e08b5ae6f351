package io.gilguard.runtime;

import io.gilguard.nativehooks.NativeHooks;

/**
 * Learn mode's hooks: the lock acquisitions and releases the instrumentation found in the
 * application's bytecode (by form: {@link Learning#form}), the downcalls every boundary sees, and
 * the upcalls JNI's {@code Call*Method*} make ({@link NativeHooks#watchUpcalls}) and FFM upcall
 * stubs ({@link ForeignUpcalls}). Each is caught:
 * learning never throws into the application. Slower than checking by design (a call into Java
 * per upcall, a lookup per event), never unbounded: counts, not logs.
 */
public final class LearnHooks implements NativeHooks.UpcallListener {
    public static final LearnHooks UPCALLS = new LearnHooks();

    private LearnHooks() {}

    /** After an acquisition of the lock of {@code form} (-1: a form not numbered). */
    public static void taking(int form) {
        if (form < 0) {
            return;
        }
        try {
            LearnThread t = thread(Ledger.current());
            if (t != null) {
                t.took(form);
                Learning.took(form);
            }
        } catch (Throwable e) {
            Errors.internal(e);
        }
    }

    /** After {@code tryLock}: {@code got} is what it returned, left on the stack. */
    public static boolean tried(boolean got, int form) {
        if (got) {
            taking(form);
        }
        return got;
    }

    /** Before a release of the lock of {@code form}. */
    public static void letting(int form) {
        if (form < 0) {
            return;
        }
        try {
            LearnThread t = thread(Ledger.current());
            if (t != null) {
                t.letGo(form);
            }
        } catch (Throwable e) {
            Errors.internal(e);
        }
    }

    /** At the end of a constructor of a class followed as a thread-state candidate ({@link StatesSeen}). */
    public static void made(Object state, int id) {
        try {
            StatesSeen seen = StatesSeen.of(id);
            if (seen != null) {
                seen.made(state, Thread.currentThread().getId());
            }
        } catch (Throwable e) {
            Errors.internal(e);
        }
    }

    /** At the start of an instance method of such a class. */
    public static void used(Object state, int id) {
        try {
            StatesSeen seen = StatesSeen.of(id);
            if (seen != null) {
                Thread t = Thread.currentThread();
                seen.used(state, t.getId(), t.getName());
            }
        } catch (Throwable e) {
            Errors.internal(e);
        }
    }

    static void downcallEntered(Ledger ledger, int boundary, Boundary b) {
        try {
            LearnThread t = thread(ledger);
            if (t == null) {
                return;
            }
            Seen seen = Learning.downcall(boundary);
            seen.entered(t, Thread.currentThread().getName(), false, -1);
            if (seen.wantsSite()) {
                int caller = b.atCaller ? CallerSite.foreignCaller(b.site) : CallerSite.callerOf(b.site);
                if (caller == b.site) {
                    // seen at its call site (after an attach): the method is not on the stack yet
                    int inner = CallerSite.innermost();
                    caller = inner > 0 ? inner : caller;
                }
                seen.site(Sites.format(caller));
            }
            int monitor = seen.monitor;
            if (monitor == -2) {
                seen.monitor = monitor = Learning.heldBy(Boundaries.named(boundary));
            }
            if (monitor >= 0) {
                t.took(monitor); // a synchronized native method: held while it runs, for the upcalls it makes
            }
            t.downcallEntered(boundary, System.nanoTime());
        } catch (Throwable e) {
            Errors.internal(e);
        }
    }

    /** {@code kept}: the call returned keeping a lock or JNI monitor it took (a LEAKED_AT_RETURN, or a lock method's way). */
    static void downcallExited(Ledger ledger, int boundary, boolean kept) {
        try {
            LearnThread t = thread(ledger);
            long start = t == null ? -1 : t.downcallExited(boundary);
            if (start >= 0) {
                Seen seen = Learning.downcall(boundary);
                if (seen.monitor >= 0) {
                    t.letGo(seen.monitor);
                }
                seen.returned(System.nanoTime() - start, 0, null, 0);
                if (kept) {
                    seen.kept();
                }
            }
        } catch (Throwable e) {
            Errors.internal(e);
        }
    }

    @Override
    public void upcall(long method, Object receiver, boolean returning) {
        if (returning) {
            returned();
        } else {
            entered(UpcallKeys.of(method, receiver), receiver);
        }
    }

    /** An FFM upcall stub's target is about to run ({@link ForeignUpcalls}); {@code key} names it. */
    public static void foreignEntered(Object key) {
        entered(key, null);
    }

    /** ... and has returned or thrown. */
    public static void foreignReturned() {
        returned();
    }

    private static void entered(Object key, Object receiver) {
        try {
            LearnThread t = thread(Ledger.current());
            if (t == null) {
                return;
            }
            Seen seen = Learning.upcall(key);
            if (receiver != null && seen.receiver == null) {
                seen.receiver = receiver.getClass();
            }
            boolean nativeThread = t.downDepth == 0;
            seen.entered(t, Thread.currentThread().getName(), nativeThread, nativeThread ? -1 : t.downcalls[t.downDepth - 1]);
            t.upcallEntered(seen, System.nanoTime());
        } catch (Throwable e) {
            Errors.internal(e);
        }
    }

    private static void returned() {
        try {
            LearnThread t = thread(Ledger.current());
            if (t == null || t.upDepth == 0) {
                return;
            }
            int u = --t.upDepth;
            t.upcalls[u].returned(System.nanoTime() - t.upcallStarts[u], t.takenBits[u], t.takenMore[u], t.takenMoreCount[u]);
            t.upcalls[u] = null;
        } catch (Throwable e) {
            Errors.internal(e);
        }
    }

    private static LearnThread thread(Ledger ledger) {
        if (ledger.busy) {
            return null; // gilguard's own code on this thread
        }
        LearnThread t = ledger.learn;
        return t != null ? t : (ledger.learn = new LearnThread(ledger.threadId));
    }
}
