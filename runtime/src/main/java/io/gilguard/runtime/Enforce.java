package io.gilguard.runtime;

import java.util.function.Function;

/**
 * Which checks throw ({@code mode=enforce}, or a rule's own {@code enforce}) and the error they
 * throw. Only the kinds found at a violating call, before it runs, can be enforced: a release of
 * a lock (UNPAIRED_RELEASE, FOREIGN_RELEASE), a boundary's require or forbid (REQUIRED_NOT_HELD,
 * FORBIDDEN_HELD), a use of thread state (FOREIGN_STATE) and a restore of a token
 * (STATE_RESTORED_TWICE). Set at start-up; read on the violation path only. A boundary's enforced
 * policies are part of its definition ({@link Boundaries#define}).
 */
public final class Enforce {
    private static volatile boolean[] locks = new boolean[0];
    /** Null until the agent sets it: then the kind and the lock. */
    private static volatile Function<Violation, String> format;

    private Enforce() {}

    /** Per lock (by number): its releases are enforced. */
    public static void locks(boolean[] enforced) {
        locks = enforced.clone();
    }

    /** How the error's message is written: the report line, as the console sink writes it. */
    public static void format(Function<Violation, String> lineOf) {
        format = lineOf;
    }

    /** Whether lock {@code lock}'s own acquisitions and releases are enforced (its rule's {@code enforce}, or the mode's). */
    public static boolean lock(int lock) {
        boolean[] l = locks;
        return lock >= 0 && lock < l.length && l[lock];
    }

    /**
     * Called by the advice of an enforced boundary, pair release or token restore with the
     * answer of its entry: the error, when there is one, is thrown here, before the method runs.
     * The error's stack trace was set where it was made, without gilguard's frames.
     */
    public static void refuse(Object answer) {
        if (answer instanceof GilguardError) {
            throw (GilguardError) answer;
        }
    }

    /** The error for one violation; the caller has reported it already, and throws this. */
    static GilguardError error(Violation v) {
        String message;
        try {
            Function<Violation, String> f = format;
            message = f != null ? f.apply(v) : v.kind() + " " + v.lock();
        } catch (RuntimeException e) {
            message = v.kind() + " (" + e + ")";
        }
        return new GilguardError(message);
    }
}
