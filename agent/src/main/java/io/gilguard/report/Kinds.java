package io.gilguard.report;

import io.gilguard.runtime.Kind;
import java.util.EnumMap;
import java.util.Map;

/**
 * What each kind means, in one place for every sink that explains itself (SARIF's rules): a
 * short description, the paragraph of README's "What it reports", and what to do about it.
 */
public final class Kinds {
    private static final Map<Kind, String[]> HELP = new EnumMap<>(Kind.class);

    static {
        help(Kind.UNPAIRED_RELEASE,
                "A release of a lock the thread does not hold.",
                "A thread released a lock (unlock(), the release method of a pair, JNI MonitorExit) that it does not hold:"
                        + " it never took it, or gave it back already. The site is the release.",
                "Pair every release with an acquire on the same thread, in the same method where possible"
                        + " (lock(); try { ... } finally { unlock(); }), and release nothing on a path that did not acquire.");
        help(Kind.FOREIGN_RELEASE,
                "A release of a lock that another thread holds.",
                "A thread released a lock that another thread acquired (owner= names it), as PyGILState_Release on the"
                        + " wrong thread. The site is the release; the acquisition site is where the other thread took it.",
                "Release a lock on the thread that acquired it; hand work to that thread instead of handing it the lock.");
        help(Kind.LEAKED_AT_RETURN,
                "A boundary method returned or threw still holding a lock it took.",
                "A native method or a callback (upcall) returned, normally or by an exception, still holding a lock it"
                        + " acquired (an Ensure without its Release). Of upcalls in one crossing, the outermost is named."
                        + " The acquisition site is where it took the lock.",
                "Release the lock in a finally block of the method that took it, or let an acquire policy take it around"
                        + " the callback.");
        help(Kind.HELD_AT_THREAD_EXIT,
                "A thread ended holding a tracked lock, a JNI monitor, or an unrestored token.",
                "A thread ended while holding a lock the rules name (with its hold count), a JNI monitor, or (state=) a"
                        + " saved token it never restored. Nobody can release it any more: the next thread that wants it waits"
                        + " forever. The acquisition site is where it was taken or saved.",
                "Release every lock and restore every token before the thread ends (try/finally around the thread's work).");
        help(Kind.EXITED_ATTACHED,
                "A native thread ended without DetachCurrentThread.",
                "A native thread attached to the JVM (AttachCurrentThread) ended without detaching: the JVM keeps its"
                        + " Thread object and the monitors it holds.",
                "Call DetachCurrentThread before the native thread ends (a pthread key destructor can do it for"
                        + " every thread that attached).");
        help(Kind.REQUIRED_NOT_HELD,
                "A boundary ran without the lock its policy requires.",
                "A callback or a native call ran without holding the lock its rule requires: a race on the state the lock"
                        + " guards, or a crash in C. The site is the boundary method.",
                "Take the lock before the call, or change the rule's policy to acquire so that gilguard takes it around"
                        + " the callback (as PyGILState_Ensure does).");
        help(Kind.FORBIDDEN_HELD,
                "A boundary ran holding a lock its policy forbids.",
                "A native call (or a callback) was made while holding a lock its rule forbids, typically a long native"
                        + " call that keeps every other thread waiting. The site is the boundary; the acquisition site is"
                        + " where the lock was taken.",
                "Let the lock go around the call (Py_BEGIN_ALLOW_THREADS), or change the rule's policy to release so that"
                        + " gilguard lets it go and takes it back after.");
        help(Kind.FOREIGN_STATE,
                "Thread state used by a thread that does not own it.",
                "An object that belongs to one thread (its creator, or the thread that bound it), or a JNIEnv, was used by"
                        + " another thread (owner= names the owner). The site is the call; created at or bound at says"
                        + " where the owner made or bound it.",
                "Use thread-bound state only on its owner thread: give each thread its own, or hand the work to the owner.");
        help(Kind.STATE_RESTORED_TWICE,
                "A saved thread state restored twice, or by another thread.",
                "A token saved by one thread (PyEval_SaveThread) was restored a second time, or by a thread that did not"
                        + " save it: the deadlock of two threads restoring one PyThreadState, reported before the hang."
                        + " saved at is the save, first restored at the earlier restore.",
                "Keep each saved state per thread (a local or a ThreadLocal, never a shared field) and restore it once,"
                        + " on the thread that saved it.");
        help(Kind.LOCK_ORDER_INVERSION,
                "Two or more locks taken in orders that form a cycle: a potential deadlock.",
                "A thread took a lock while holding another, and the orders the threads took the rules' locks in"
                        + " (and the monitors native code entered through JNI MonitorEnter, jni:CLASS: a lock held into a"
                        + " native method whose C code enters one, or one held by native code whose callback takes a lock)"
                        + " now form a cycle (one thread took a then b, another b then a): run at the wrong moment, each"
                        + " waits for the other forever. Found when the cycle's last edge is first taken, whether or not"
                        + " any thread blocked. The site is that acquisition; the cycle lists every edge with its thread,"
                        + " where it took the lock and where it took the lock it held. A cycle that cannot deadlock is not"
                        + " reported: two of its edges were taken holding one same lock (a gate lock held across all of them).",
                "Take the locks in one order everywhere (the GIL last, or first, but always the same), or take them"
                        + " under one common lock; let a lock go around a native call that waits for another.");
        help(Kind.LONG_HOLD_ACROSS_NATIVE,
                "Finding: a lock held across long native work.",
                "One hold of the lock (outermost acquisition to final release) spent longHold milliseconds or more inside"
                        + " native calls, at any boundary a rule names: summed over its calls, the Java callbacks those"
                        + " calls made left out (held N ms: the most of one hold). The site is the native method that took"
                        + " the most time; the line lists the calls and the methods, longest first. Advice, not a broken"
                        + " rule: every other thread that wants the lock waited that long.",
                "If other threads need the lock meanwhile, let it go around the call (a release policy), as"
                        + " Py_BEGIN_ALLOW_THREADS does.");
        help(Kind.CONTENDED,
                "Finding: a thread waited long for a lock held inside native code.",
                "A thread waited longWait milliseconds or more in lock() for a tracked Lock while the thread that"
                        + " held it was inside a native call (waited N ms). The site is the waiter's lock() call;"
                        + " owner= names the holder, acquired at where it took the lock, and the note the native"
                        + " method it was in when the wait began. Advice, not a broken rule.",
                "Let the lock go around the native call (a release policy), or give each thread its own native"
                        + " object, so that the waiter need not wait for native work.");
        help(Kind.RELEASE_NOT_WORTH_IT,
                "Finding: a release policy around calls shorter than letting go of the lock.",
                "A release boundary's median call (of those timed: each thread's first 64 and one in 64 after) is"
                        + " shorter than the mean time it took to let go of the lock and take it back around it; both"
                        + " are in the note. Judged at exit. Advice, not a broken rule: the release costs more than"
                        + " the other threads gain.",
                "Keep the lock across such short calls (audit or no policy), or batch them into fewer, longer calls"
                        + " and release around those.");
    }

    private Kinds() {}

    private static void help(Kind kind, String shortText, String fullText, String whatToDo) {
        HELP.put(kind, new String[] {shortText, fullText, whatToDo});
    }

    /** One sentence. */
    public static String shortDescription(Kind kind) {
        return HELP.get(kind)[0];
    }

    /** What happened, and what the sites of a report are. */
    public static String fullDescription(Kind kind) {
        return HELP.get(kind)[1];
    }

    /** What happened, then what to do about it. */
    public static String help(Kind kind) {
        return HELP.get(kind)[1] + " " + HELP.get(kind)[2];
    }
}
