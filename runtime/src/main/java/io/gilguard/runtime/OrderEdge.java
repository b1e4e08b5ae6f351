package io.gilguard.runtime;

/**
 * One edge of the lock-order graph as a report shows it: the first time a thread took lock
 * {@code to} (outermost) while holding lock {@code from}. Immutable; the graph keeps one per
 * ordered pair of locks, made by the first thread that took them in that order.
 */
public final class OrderEdge {
    private final int from;
    private final int to;
    private final String thread;
    private final int heldAt;
    private final int site;
    private final StackTraceElement[] stack;
    private final boolean heldNatively;

    OrderEdge(int from, int to, String thread, int heldAt, int site, StackTraceElement[] stack, boolean heldNatively) {
        this.from = from;
        this.to = to;
        this.thread = thread;
        this.heldAt = heldAt;
        this.site = site;
        this.stack = stack;
        this.heldNatively = heldNatively;
    }

    int fromLock() {
        return from;
    }

    int toLock() {
        return to;
    }

    /** The name of the lock held. */
    public String from() {
        return LockOrder.name(from);
    }

    /** The name of the lock taken while holding {@link #from}. */
    public String to() {
        return LockOrder.name(to);
    }

    /** The thread that first took them in this order. */
    public String thread() {
        return thread;
    }

    /**
     * Where that thread took {@link #from} (outermost); 0 if an acquire policy took it, or if
     * native code entered it through JNI with no Java frame under it (a native thread's).
     */
    public int heldAt() {
        return heldAt;
    }

    /**
     * Where that thread took {@link #to}: the call of the lock method, the upcall whose acquire
     * policy took it, or, for a monitor native code entered through JNI, the native method whose
     * code entered it; 0 if none is known.
     */
    public int site() {
        return site;
    }

    /** Whether that thread held {@link #from} as a monitor entered through JNI {@code MonitorEnter}, not in its ledger. */
    public boolean heldNatively() {
        return heldNatively;
    }

    /** That thread's stack when it took {@link #to} ({@code stacks=N} frames); empty with {@code stacks=0}. */
    public StackTraceElement[] stack() {
        return stack.clone();
    }
}
