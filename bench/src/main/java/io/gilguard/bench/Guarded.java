package io.gilguard.bench;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The locks of the benchmarks. {@code GIL} and {@code MON} are named in {@code bench.rules}; the
 * other two are the same kinds of lock, not named, to measure what an untracked lock pays in a
 * class the agent rewrites.
 */
public final class Guarded {
    /** {@code lock gil = static io.gilguard.bench.Guarded.GIL} */
    public static final ReentrantLock GIL = new ReentrantLock();
    /** {@code lock mon = static io.gilguard.bench.Guarded.MON} */
    public static final Object MON = new Object();

    /** {@code lock held = static io.gilguard.bench.Guarded.HELD}: held across HeldDowncallBench's calls. */
    public static final ReentrantLock HELD = new ReentrantLock();

    public static final ReentrantLock OTHER = new ReentrantLock();
    public static final Object OTHER_MON = new Object();

    private Guarded() {}
}
