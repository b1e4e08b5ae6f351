package io.gilguard.runtime;

/**
 * The {@code state} and {@code token} rules, by number, as the runtime needs them: how a state's
 * owner is chosen, how a token rule is named, and which of them are enforced. Defined once at
 * start-up, before any class is rewritten.
 */
public final class States {
    /** Owned by the thread that constructed it. */
    public static final int CREATOR = 0;
    /** Owned by the thread that last called its bind method. */
    public static final int BINDER = 1;

    private static int[] owners = new int[0];
    private static boolean[] stateEnforced = new boolean[0];
    private static String[] tokenLabels = new String[0];
    private static boolean[] tokenEnforced = new boolean[0];

    private States() {}

    public static synchronized void define(int[] ownerKinds, boolean[] statesEnforced, String[] tokens,
                                           boolean[] tokensEnforced) {
        owners = ownerKinds.clone();
        stateEnforced = statesEnforced.clone();
        tokenLabels = tokens.clone();
        tokenEnforced = tokensEnforced.clone();
    }

    static int owner(int rule) {
        return owners[rule];
    }

    static boolean enforced(int rule) {
        return stateEnforced[rule];
    }

    static String tokenLabel(int rule) {
        return tokenLabels[rule];
    }

    static boolean tokenEnforced(int rule) {
        return tokenEnforced[rule];
    }
}
