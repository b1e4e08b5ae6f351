package io.gilguard.runtime;

import java.util.Arrays;

/**
 * The stack of a violation ({@code stacks=N}): taken once per distinct violation, when it is
 * first seen, on the thread that broke the rule; never on the hot path, never for a repeat.
 */
public final class Stacks {
    private static volatile int depth = 8;
    private static final StackTraceElement[] NONE = new StackTraceElement[0];
    private static final String RUNTIME = Stacks.class.getPackageName() + ".";
    /** The Java side of the native hooks, which calls the runtime at a thread's end. */
    private static final String NATIVE_HOOKS = "io.gilguard.nativehooks.";

    private Stacks() {}

    /** Frames to keep; 0 takes none. */
    public static void depth(int frames) {
        depth = frames;
    }

    /**
     * The caller's stack without gilguard's own frames (the runtime's, and those of the native
     * hooks' Java side, which reports a thread's end: the agent's advice is inlined into the
     * application's methods, so these are all there is to leave out), at most {@code depth}
     * frames, the innermost first; empty if {@code depth} is 0.
     */
    static StackTraceElement[] here() {
        int keep = depth;
        if (keep == 0) {
            return NONE;
        }
        StackTraceElement[] all = new Throwable().getStackTrace();
        int from = 0;
        while (from < all.length && (all[from].getClassName().startsWith(RUNTIME)
                || all[from].getClassName().startsWith(NATIVE_HOOKS))) {
            from++;
        }
        return Arrays.copyOfRange(all, from, Math.min(all.length, from + keep));
    }
}
