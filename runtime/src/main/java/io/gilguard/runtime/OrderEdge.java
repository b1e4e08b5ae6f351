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

    OrderEdge(int from, int to, String thread, int heldAt, int site, StackTraceElement[] stack) {
        this.from = from;
        this.to = to;
        this.thread = thread;
        this.heldAt = heldAt;
        this.site = site;
        this.stack = stack;
    }

    int fromLock() {
        return from;
    }

    int toLock() {
        return to;
    }

    /** The name of the lock held. */
    public String from() {
        return Locks.name(from);
    }

    /** The name of the lock taken while holding {@link #from}. */
    public String to() {
        return Locks.name(to);
    }

    /** The thread that first took them in this order. */
    public String thread() {
        return thread;
    }

    /** Where that thread took {@link #from} (outermost); 0 if an acquire policy took it. */
    public int heldAt() {
        return heldAt;
    }

    /** Where that thread took {@link #to}; 0 if an acquire policy took it. */
    public int site() {
        return site;
    }

    /** That thread's stack when it took {@link #to} ({@code stacks=N} frames); empty with {@code stacks=0}. */
    public StackTraceElement[] stack() {
        return stack.clone();
    }
}
