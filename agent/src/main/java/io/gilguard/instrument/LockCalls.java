package io.gilguard.instrument;

import java.util.Map;

/**
 * The lock and condition methods whose call sites are rewritten, and the hook each goes to:
 * {@code LockHooks.NAME(receiver, args..., site)} with the receiver typed as the interface.
 */
final class LockCalls {
    static final String HOOKS = "io/gilguard/runtime/LockHooks";
    private static final String LOCK = "java/util/concurrent/locks/Lock";
    private static final String CONDITION = "java/util/concurrent/locks/Condition";

    /** Classes whose calls are lock calls, and the interface their receiver is passed as. */
    private static final Map<String, String> OWNERS = Map.of(
            LOCK, LOCK,
            "java/util/concurrent/locks/ReentrantLock", LOCK,
            "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock", LOCK,
            "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock", LOCK,
            CONDITION, CONDITION,
            "java/util/concurrent/locks/AbstractQueuedSynchronizer$ConditionObject", CONDITION);

    /** name + descriptor -> whether the hook also takes the call's site. */
    private static final Map<String, Boolean> LOCK_METHODS = Map.of(
            "lock()V", true,
            "lockInterruptibly()V", true,
            "tryLock()Z", true,
            "tryLock(JLjava/util/concurrent/TimeUnit;)Z", true,
            "unlock()V", true,
            "newCondition()Ljava/util/concurrent/locks/Condition;", false);

    private static final Map<String, Boolean> CONDITION_METHODS = Map.of(
            "await()V", false,
            "awaitUninterruptibly()V", false,
            "awaitNanos(J)J", false,
            "await(JLjava/util/concurrent/TimeUnit;)Z", false,
            "awaitUntil(Ljava/util/Date;)Z", false);

    /** The hook for a call, or null when the call is not one gilguard follows. */
    static Hook find(String owner, String name, String descriptor) {
        String as = OWNERS.get(owner);
        if (as == null) {
            return null;
        }
        Boolean site = (as.equals(LOCK) ? LOCK_METHODS : CONDITION_METHODS).get(name + descriptor);
        if (site == null) {
            return null;
        }
        int close = descriptor.indexOf(')');
        String hookDescriptor = "(L" + as + ";" + descriptor.substring(1, close) + (site ? "I" : "")
                + descriptor.substring(close);
        return new Hook(name, hookDescriptor, site);
    }

    static final class Hook {
        final String name;
        final String descriptor;
        final boolean takesSite;

        Hook(String name, String descriptor, boolean takesSite) {
            this.name = name;
            this.descriptor = descriptor;
            this.takesSite = takesSite;
        }
    }

    private LockCalls() {}
}
