package io.gilguard.instrument.rewrite;

import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.PoolNames;
import io.gilguard.rules.LockRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lock and condition calls gilguard follows, and how each call site is rewritten. Where it
 * can, the original call stays at the call site with its own type profile, and the receiver,
 * duplicated, goes to a hook just after it (or just before, for a release): a shared hook that
 * made the call itself would mix every call site's lock types into one profile, and HotSpot
 * stops inlining a call that sees more than two. Calls with arguments, and the blocking
 * condition calls, are replaced by a hook that makes them.
 */
public final class LockCalls {
    static final String HOOKS = "io/gilguard/runtime/LockHooks";
    private static final String LOCKS_PACKAGE = "java/util/concurrent/locks/";
    private static final String LOCK = LOCKS_PACKAGE + "Lock";
    private static final String CONDITION = LOCKS_PACKAGE + "Condition";

    enum Shape {
        /** {@code dup; CALL; site; acquired(Object, int)}. */
        AFTER,
        /**
         * {@code dup; dup; locking(Object); CALL; site; acquired(Object, int)}: {@code lock()}, which
         * may wait for a holder inside native code ({@code CONTENDED}); it cannot throw, so a wait
         * begun always ends at the acquisition.
         */
        WAITED,
        /** {@code dup; CALL; site; tried(Object, boolean, int) -> boolean}. */
        TRIED,
        /** {@code dup; site; released(Object, int); CALL}: counted before, so that a failing release is still seen. */
        BEFORE,
        /** {@code NAME(receiver, args..., [site])} instead of the call. */
        REPLACE
    }

    /** Classes whose calls are lock calls, and the interface their receiver is passed as. */
    private static final Map<String, String> OWNERS = Map.of(
            LOCK, LOCK,
            "java/util/concurrent/locks/ReentrantLock", LOCK,
            "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock", LOCK,
            "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock", LOCK,
            CONDITION, CONDITION,
            "java/util/concurrent/locks/AbstractQueuedSynchronizer$ConditionObject", CONDITION);

    private static final Map<String, Shape> LOCK_METHODS = Map.of(
            "lock()V", Shape.WAITED,
            "lockInterruptibly()V", Shape.AFTER,
            "tryLock()Z", Shape.TRIED,
            "unlock()V", Shape.BEFORE,
            "tryLock(JLjava/util/concurrent/TimeUnit;)Z", Shape.REPLACE,
            "newCondition()Ljava/util/concurrent/locks/Condition;", Shape.REPLACE);

    private static final Map<String, Shape> CONDITION_METHODS = Map.of(
            "await()V", Shape.REPLACE,
            "awaitUninterruptibly()V", Shape.REPLACE,
            "awaitNanos(J)J", Shape.REPLACE,
            "await(JLjava/util/concurrent/TimeUnit;)Z", Shape.REPLACE,
            "awaitUntil(Ljava/util/Date;)Z", Shape.REPLACE);

    /**
     * What {@link #mayChange} looks for in a class's constant pool, for these rules: the classes
     * whose lock calls gilguard follows, and the locks' fields.
     */
    public static PoolNames names(List<LockRule> locks) {
        List<String> names = new ArrayList<>(OWNERS.keySet());
        for (LockRule lock : locks) {
            if (lock.field() != null) {
                names.add(lock.field());
            }
        }
        return PoolNames.of(names);
    }

    /**
     * Whether a class may be changed or noted by {@link LockCallRewriter}: it enters a monitor,
     * names a class whose lock calls gilguard follows, or names a lock's field (assigns, reads or
     * declares it); {@code names}: {@link #names} of the rules. Here, not there: asking must not
     * load the rewriter and its visitors.
     */
    public static boolean mayChange(ClassHeader header, PoolNames names) {
        return header.entersMonitors() || header.mentionsAny(names);
    }

    /** The rewrite for a call, or null when the call is not one gilguard follows. */
    static Hook find(String owner, String name, String descriptor) {
        String as = OWNERS.get(owner);
        if (as == null) {
            return null;
        }
        Shape shape = (as.equals(LOCK) ? LOCK_METHODS : CONDITION_METHODS).get(name + descriptor);
        if (shape == null) {
            return null;
        }
        switch (shape) {
            case AFTER:
            case WAITED:
                return new Hook(shape, "acquired", "(Ljava/lang/Object;I)V", true);
            case TRIED:
                return new Hook(shape, "tried", "(Ljava/lang/Object;ZI)Z", true);
            case BEFORE:
                return new Hook(shape, "released", "(Ljava/lang/Object;I)V", true);
            default:
                // Only tryLock(time, unit) of the replaced calls needs its site: it can acquire.
                boolean site = as.equals(LOCK) && name.equals("tryLock");
                int close = descriptor.indexOf(')');
                return new Hook(shape, name, "(L" + as + ";" + descriptor.substring(1, close) + (site ? "I" : "")
                        + descriptor.substring(close), site);
        }
    }

    static final class Hook {
        final Shape shape;
        final String name;
        final String descriptor;
        final boolean takesSite;

        Hook(Shape shape, String name, String descriptor, boolean takesSite) {
            this.shape = shape;
            this.name = name;
            this.descriptor = descriptor;
            this.takesSite = takesSite;
        }
    }

    private LockCalls() {}
}
