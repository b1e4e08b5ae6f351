package io.gilguard.runtime;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Which checks throw ({@code mode=enforce}, or a rule's own {@code enforce}) and the error they
 * throw. Only the kinds found at a violating call, before it runs, can be enforced: a release of
 * a lock (UNPAIRED_RELEASE, FOREIGN_RELEASE), a boundary's require or forbid (REQUIRED_NOT_HELD,
 * FORBIDDEN_HELD), a use of thread state (FOREIGN_STATE) and a restore of a token
 * (STATE_RESTORED_TWICE). Set at start-up and when a boundary is defined; read on the violation
 * path only.
 */
public final class Enforce {
    private static volatile boolean[] locks = new boolean[0];
    private static volatile boolean[][] boundaries = new boolean[16][];
    private static volatile Function<Violation, String> format = v -> v.kind() + " " + v.lock();

    private Enforce() {}

    /** Per lock (by number): its releases are enforced. */
    public static void locks(boolean[] enforced) {
        locks = enforced.clone();
    }

    /** Per policy of boundary {@code id}, in the order given to {@link Boundaries#define}: enforced. */
    public static synchronized void boundary(int id, boolean[] enforced) {
        boolean[][] b = boundaries;
        if (id >= b.length) {
            b = Arrays.copyOf(b, Math.max(id + 1, b.length * 2));
        }
        b[id] = enforced.clone();
        boundaries = b;
    }

    /** How the error's message is written: the report line, as the console sink writes it. */
    public static void format(Function<Violation, String> lineOf) {
        format = lineOf;
    }

    static boolean lock(int lock) {
        boolean[] l = locks;
        return lock >= 0 && lock < l.length && l[lock];
    }

    static boolean boundary(int id, int policy) {
        boolean[][] b = boundaries;
        return id < b.length && b[id] != null && policy < b[id].length && b[id][policy];
    }

    /** The error for one violation; the caller has reported it already, and throws this. */
    static GilguardError error(Violation v) {
        String message;
        try {
            message = format.apply(v);
        } catch (RuntimeException e) {
            message = v.kind() + " (" + e + ")";
        }
        return new GilguardError(message);
    }

    /** The error for a lock violation made on the current thread. */
    static GilguardError lockError(Kind kind, int lock, int site, int acquiredAt) {
        return error(new Violation(kind, lock, null, Thread.currentThread().getName(), null, site, acquiredAt, 0, null));
    }
}
