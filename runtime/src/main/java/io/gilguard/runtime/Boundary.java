package io.gilguard.runtime;

/** One instrumented boundary method: its site and, per lock, the policy that applies there. */
final class Boundary {
    final int site;
    /** A wrapped native method: its JNI monitors are counted across the call. */
    final boolean downcall;
    final int[] locks;
    final int[] policies;
    /** Per lock, its policy throws when broken ({@code enforce}); read on the violation path only. */
    final boolean[] enforced;
    /**
     * A call made through the JDK or a library (an FFM downcall handle, a JNA function or
     * interface): {@link #site} names the call alone, and a report names the application's frame
     * that made it, found on the violation path.
     */
    final boolean atCaller;
    /** The C function a {@code native:} rule named, for reports; null for a Java method. */
    final String symbol;
    /**
     * Whether the boundary marks the thread's JNI monitor record around the call: a {@code native}
     * method's. A C function called through FFM or JNA ({@link #atCaller}) is plain C, with no
     * {@code JNIEnv} to enter monitors with: it is spared the reads and writes.
     */
    final boolean jniMarks;
    /** A downcall defined while learning: its calls are counted ({@link LearnHooks}). */
    final boolean learned;
    /** All of the above that the hot path reads, as the advice's constant ({@link BoundaryShape}). */
    final long shape;

    Boundary(int site, boolean downcall, int[] locks, int[] policies, boolean[] enforced, boolean atCaller,
             String symbol) {
        this.site = site;
        this.downcall = downcall;
        this.locks = locks;
        this.policies = policies;
        this.enforced = enforced;
        this.atCaller = atCaller;
        this.symbol = symbol;
        this.jniMarks = downcall && !atCaller;
        this.learned = downcall && Learning.on();
        this.shape = BoundaryShape.of(this);
    }

    /** What a report names as the violating site: the boundary's own, or the application's frame that called it. */
    int reportedSite() {
        return atCaller ? CallerSite.foreignCaller(site) : site;
    }
}
