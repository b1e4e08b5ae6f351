package io.gilguard.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the calls of one boundary showed in learn mode: counts, times, a few thread names and
 * sites, and per lock form how many calls held it on the way in and how many took it inside.
 * Bounded whatever the run's length.
 */
public final class Seen {
    /** Thread names and sites kept, at most. */
    static final int KEPT = 3;
    /** The calls whose site is looked for, each, before the looks thin out ({@link #wantsSite}). */
    private static final int LOOKS = 16;

    private long calls;
    private long totalNanos;
    private long maxNanos;
    private long fromNativeThreads;
    private long kept;
    /** Calls asked {@link #wantsSite}. */
    private long looks;
    /** An upcall's: the class of the first object it was called on (null for a static method), told apart from the class that declares it. */
    volatile Class<?> receiver;
    /** A downcall's: the monitor form its {@code synchronized native} method holds, -1 none, -2 not known yet. */
    volatile int monitor = -2;
    private final Set<Long> threadIds = new HashSet<>();
    private final Set<String> threads = new LinkedHashSet<>();
    private final List<String> sites = new ArrayList<>();
    private int arrivedIn = -1;
    private long[] heldOnEntry = new long[8];
    private long[] takenInside = new long[8];

    synchronized void entered(LearnThread t, String thread, boolean nativeThread, int in) {
        calls++;
        if (nativeThread) {
            fromNativeThreads++;
        } else if (arrivedIn < 0) {
            arrivedIn = in;
        }
        if (threadIds.size() < 64) {
            threadIds.add(t.threadId);
        }
        if (threads.size() < KEPT) {
            threads.add(thread);
        }
        int[] counts = t.counts;
        for (int form = 0; form < counts.length; form++) {
            if (counts[form] > 0) {
                heldOnEntry = grow(heldOnEntry, form);
                heldOnEntry[form]++;
            }
        }
    }

    synchronized void returned(long nanos, long takenBits, int[] takenMore, int more) {
        totalNanos += nanos;
        maxNanos = Math.max(maxNanos, nanos);
        for (int form = 0; takenBits != 0; form++, takenBits >>>= 1) {
            if ((takenBits & 1) != 0) {
                takenInside = grow(takenInside, form);
                takenInside[form]++;
            }
        }
        for (int i = 0; i < more; i++) {
            takenInside = grow(takenInside, takenMore[i]);
            takenInside[takenMore[i]]++;
        }
    }

    synchronized void kept() {
        kept++;
    }

    public Class<?> receiver() {
        return receiver;
    }

    /** Calls that returned keeping a lock or JNI monitor they took. */
    public synchronized long keptCount() {
        return kept;
    }

    /**
     * Whether this call's site is wanted: another site is, while fewer are kept than may be, and
     * it is looked for (a stack walk) at the first {@link #LOOKS} calls, then at each power of
     * two: a downcall made from one place all run long is not walked at every call.
     */
    synchronized boolean wantsSite() {
        long n = ++looks;
        return sites.size() < KEPT - 1 && (n <= LOOKS || (n & (n - 1)) == 0);
    }

    synchronized void site(String site) {
        if (site != null && sites.size() < KEPT - 1 && !sites.contains(site)) {
            sites.add(site);
        }
    }

    /**
     * What this and {@code other} saw together (two method ids a rule names the same way: an
     * interface method's implementations), as a new record: the live ones are not touched.
     */
    public Seen plus(Seen other) {
        Seen sum = copy();
        sum.add(other);
        return sum;
    }

    private void add(Seen other) {
        Seen o = other.copy();
        synchronized (this) {
            calls += o.calls;
            totalNanos += o.totalNanos;
            maxNanos = Math.max(maxNanos, o.maxNanos);
            fromNativeThreads += o.fromNativeThreads;
            kept += o.kept;
            if (arrivedIn < 0) {
                arrivedIn = o.arrivedIn;
            }
            for (Long id : o.threadIds) {
                if (threadIds.size() < 64) {
                    threadIds.add(id);
                }
            }
            for (String t : o.threads) {
                if (threads.size() < KEPT) {
                    threads.add(t);
                }
            }
            for (String site : o.sites) {
                site(site);
            }
            heldOnEntry = sum(heldOnEntry, o.heldOnEntry);
            takenInside = sum(takenInside, o.takenInside);
        }
    }

    private synchronized Seen copy() {
        Seen c = new Seen();
        c.calls = calls;
        c.totalNanos = totalNanos;
        c.maxNanos = maxNanos;
        c.fromNativeThreads = fromNativeThreads;
        c.kept = kept;
        c.receiver = receiver;
        c.arrivedIn = arrivedIn;
        c.threadIds.addAll(threadIds);
        c.threads.addAll(threads);
        c.sites.addAll(sites);
        c.heldOnEntry = heldOnEntry.clone();
        c.takenInside = takenInside.clone();
        return c;
    }

    private static long[] sum(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, Math.max(a.length, b.length));
        for (int i = 0; i < b.length; i++) {
            r[i] += b[i];
        }
        return r;
    }

    private static long[] grow(long[] a, int index) {
        return index < a.length ? a : Arrays.copyOf(a, Math.max(index + 1, a.length * 2));
    }

    public synchronized long calls() {
        return calls;
    }

    public synchronized long totalNanos() {
        return totalNanos;
    }

    public synchronized long maxNanos() {
        return maxNanos;
    }

    /** Calls that arrived on a thread not inside a downcall gilguard saw: a native thread's (upcalls). */
    public synchronized long fromNativeThreads() {
        return fromNativeThreads;
    }

    /** The downcall (its boundary number) the first upcall that came from inside one arrived in, or -1. */
    public synchronized int arrivedIn() {
        return arrivedIn;
    }

    /** Threads that made calls, counted up to 64. */
    public synchronized long threadCount() {
        return threadIds.size();
    }

    public synchronized List<String> threadNames() {
        return new ArrayList<>(threads);
    }

    public synchronized List<String> sites() {
        return new ArrayList<>(sites);
    }

    /** Calls that found the lock of {@code form} held on their way in. */
    public synchronized long heldOnEntry(int form) {
        return form < heldOnEntry.length ? heldOnEntry[form] : 0;
    }

    /** Calls inside which the lock of {@code form} was taken. */
    public synchronized long takenInside(int form) {
        return form < takenInside.length ? takenInside[form] : 0;
    }
}
