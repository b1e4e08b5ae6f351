package io.gilguard.runtime;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The native calls one thread made during its current hold of one lock: their time (nested
 * upcalls left out), their number, and per boundary (the native methods, a few, by time) the
 * same, for the report of a long hold. Made at the lock's first hold that crosses native code,
 * then reused hold after hold.
 */
final class HoldCalls {
    /** Boundaries past this many in one hold are summed but not named. */
    private static final int NAMED = 8;

    long nanos;
    int calls;
    long longest;
    /** For a family, the member held when the first call was made; null otherwise. */
    Object member;
    Boundary[] boundaries = new Boundary[NAMED];
    final long[] nanosOf = new long[NAMED];
    final int[] callsOf = new int[NAMED];
    /** The site a report names per boundary: 0 until known (a call through FFM or JNA is found by a stack walk, once the hold is long). */
    final int[] sites = new int[NAMED];
    int size;

    /** One native call of {@code nanos} at boundary {@code b}; {@code longHold}: the report threshold. */
    void call(Boundary b, long nanos, long longHold) {
        this.nanos += nanos;
        calls++;
        if (nanos > longest) {
            longest = nanos;
        }
        int i = slot(b);
        if (i < 0) {
            return;
        }
        nanosOf[i] += nanos;
        callsOf[i]++;
        if (sites[i] == 0 && (!b.atCaller || this.nanos >= longHold)) {
            sites[i] = b.reportedSite();
        }
    }

    private int slot(Boundary b) {
        for (int i = 0; i < size; i++) {
            if (boundaries[i] == b) {
                return i;
            }
        }
        if (size == NAMED) {
            return -1;
        }
        if (boundaries[size] != b) {
            boundaries[size] = b;
        }
        sites[size] = 0;
        nanosOf[size] = 0;
        callsOf[size] = 0;
        return size++;
    }

    /** The slots by time, longest first. */
    int[] byTime() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, new Comparator<>() { // not a lambda (NoLambdaTest in test-apps)
            @Override
            public int compare(Integer a, Integer b) {
                return Long.compare(nanosOf[b], nanosOf[a]);
            }
        });
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** The site a report names for slot {@code i}: the boundary's own when no stack walk found its caller. */
    int site(int i) {
        return sites[i] != 0 ? sites[i] : boundaries[i].site;
    }

    /** The hold ended: ready for the next, keeping the boundaries (no store when the next hold calls the same ones). */
    void clear() {
        nanos = 0;
        calls = 0;
        longest = 0;
        member = null;
        size = 0;
    }
}
