package io.gilguard.runtime;

/**
 * What a long hold's report says of the hold (the first one seen): how long the lock was held,
 * how many native calls it made, and the native methods that took the time, longest first.
 */
public final class HoldSummary {
    private final long holdMillis;
    private final long nativeNanos;
    private final int calls;
    private final String[] methods;
    private final long[] methodNanos;
    private final int[] methodCalls;

    HoldSummary(long holdMillis, long nativeNanos, int calls, String[] methods, long[] methodNanos, int[] methodCalls) {
        this.holdMillis = holdMillis;
        this.nativeNanos = nativeNanos;
        this.calls = calls;
        this.methods = methods;
        this.methodNanos = methodNanos;
        this.methodCalls = methodCalls;
    }

    /** The whole hold, outermost acquisition to final release, on the coarse clock (ms). */
    public long holdMillis() {
        return holdMillis;
    }

    /** The time spent inside native calls during the hold, nested upcalls left out. */
    public long nativeNanos() {
        return nativeNanos;
    }

    public int calls() {
        return calls;
    }

    /** The native methods (a C symbol where a rule named one, else {@code Class.method}), longest first. */
    public String[] methods() {
        return methods.clone();
    }

    public long methodNanos(int i) {
        return methodNanos[i];
    }

    public int methodCalls(int i) {
        return methodCalls[i];
    }

    /** {@code in N native calls of a T ms hold: M1 A ms x C1, M2 ...} */
    @Override
    public String toString() {
        return "in " + calls + (calls == 1 ? " native call" : " native calls") + " of a " + holdMillis + " ms hold: "
                + methodsText();
    }

    /** {@code M1 A ms xC1, M2 B ms xC2}: the methods, longest first. */
    public String methodsText() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < methods.length; i++) {
            b.append(i == 0 ? "" : ", ").append(methods[i]).append(' ').append(methodNanos[i] / 1_000_000)
                    .append(" ms x").append(methodCalls[i]);
        }
        return b.toString();
    }
}
