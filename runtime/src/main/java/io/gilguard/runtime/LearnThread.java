package io.gilguard.runtime;

import java.util.Arrays;

/**
 * One thread's part of learn mode: how many times it holds the lock of each form, and the
 * boundaries it is inside (downcalls and upcalls, innermost last) with their start times and, for
 * an upcall, the forms taken inside it. Reached through the thread's {@link Ledger}.
 */
final class LearnThread {
    final long threadId;
    int[] counts = new int[8];
    /** Open downcalls: boundary numbers and start times. */
    int[] downcalls = new int[8];
    long[] downcallStarts = new long[8];
    int downDepth;
    /** Open upcalls: their records, start times, forms taken inside (bits for forms 0-63, the rest listed). */
    Seen[] upcalls = new Seen[8];
    long[] upcallStarts = new long[8];
    long[] takenBits = new long[8];
    int[][] takenMore = new int[8][];
    int[] takenMoreCount = new int[8];
    int upDepth;

    LearnThread(long threadId) {
        this.threadId = threadId;
    }

    void took(int form) {
        if (form >= counts.length) {
            counts = Arrays.copyOf(counts, Math.max(form + 1, counts.length * 2));
        }
        counts[form]++;
        if (upDepth > 0) {
            int u = upDepth - 1;
            if (form < 64) {
                takenBits[u] |= 1L << form;
            } else {
                int[] more = takenMore[u] == null ? takenMore[u] = new int[4] : takenMore[u];
                int n = takenMoreCount[u];
                for (int i = 0; i < n; i++) {
                    if (more[i] == form) {
                        return;
                    }
                }
                if (n == more.length) {
                    takenMore[u] = more = Arrays.copyOf(more, n * 2);
                }
                more[n] = form;
                takenMoreCount[u] = n + 1;
            }
        }
    }

    void letGo(int form) {
        if (form < counts.length && counts[form] > 0) {
            counts[form]--;
        }
    }

    void downcallEntered(int boundary, long now) {
        if (downDepth == downcalls.length) {
            downcalls = Arrays.copyOf(downcalls, downDepth * 2);
            downcallStarts = Arrays.copyOf(downcallStarts, downDepth * 2);
        }
        downcalls[downDepth] = boundary;
        downcallStarts[downDepth++] = now;
    }

    /** The start of the innermost open call of {@code boundary}, popped; -1 if none is open. */
    long downcallExited(int boundary) {
        while (downDepth > 0) {
            downDepth--;
            if (downcalls[downDepth] == boundary) {
                return downcallStarts[downDepth];
            }
        }
        return -1;
    }

    void upcallEntered(Seen seen, long now) {
        if (upDepth == upcalls.length) {
            int n = upDepth * 2;
            upcalls = Arrays.copyOf(upcalls, n);
            upcallStarts = Arrays.copyOf(upcallStarts, n);
            takenBits = Arrays.copyOf(takenBits, n);
            takenMore = Arrays.copyOf(takenMore, n);
            takenMoreCount = Arrays.copyOf(takenMoreCount, n);
        }
        upcalls[upDepth] = seen;
        upcallStarts[upDepth] = now;
        takenBits[upDepth] = 0;
        takenMoreCount[upDepth] = 0;
        upDepth++;
    }
}
