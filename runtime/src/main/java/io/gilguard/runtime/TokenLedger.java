package io.gilguard.runtime;

import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * One thread's tokens (see {@link Tokens}): those it saved and has not restored yet, and a ring of
 * the last ones restored, to recognise a second restore. A token is a reference, compared by
 * identity, or a number, compared by value (then {@code ref} is null), and belongs to one token
 * rule. Written by its own thread; another thread only reads it, and marks a token it restored
 * in the owner's stead, on the violation path.
 */
final class TokenLedger {
    static final int RING = 16;

    final String threadName;
    final WeakReference<Thread> thread;

    // saved, not restored by this thread; in save order
    Object[] refs = new Object[4];
    long[] values = new long[4];
    int[] rules = new int[4];
    int[] saveSites = new int[4];
    /** Non-zero: another thread restored the token (at this site) before its saver did. */
    int[] takenSites = new int[4];
    String[] takenBy = new String[4];
    int count;

    // restored (by anyone) after this thread saved them; the oldest is overwritten
    final Object[] ringRefs = new Object[RING];
    final long[] ringValues = new long[RING];
    final int[] ringRules = new int[RING];
    final int[] ringSaveSites = new int[RING];
    final int[] ringRestoreSites = new int[RING];
    final String[] ringRestorers = new String[RING];
    final long[] ringClock = new long[RING];
    int ringNext;

    TokenLedger(Thread thread) {
        this.threadName = thread.getName();
        this.thread = new WeakReference<>(thread);
    }

    boolean alive() {
        Thread t = thread.get();
        return t != null && t.isAlive();
    }

    /** The newest outstanding entry of the token, -1 if none. */
    int find(Object ref, long value, int rule) {
        for (int i = count - 1; i >= 0; i--) {
            if (refs[i] == ref && values[i] == value && rules[i] == rule) {
                return i;
            }
        }
        return -1;
    }

    void save(Object ref, long value, int rule, int site) {
        int old = find(ref, value, rule);
        if (old >= 0) {
            // Saved again (a handle reused): the new save is the one a restore answers.
            remove(old);
        }
        if (count == refs.length) {
            int n = count * 2;
            refs = Arrays.copyOf(refs, n);
            values = Arrays.copyOf(values, n);
            rules = Arrays.copyOf(rules, n);
            saveSites = Arrays.copyOf(saveSites, n);
            takenSites = Arrays.copyOf(takenSites, n);
            takenBy = Arrays.copyOf(takenBy, n);
        }
        refs[count] = ref;
        values[count] = value;
        rules[count] = rule;
        saveSites[count] = site;
        takenSites[count] = 0;
        takenBy[count] = null;
        count++;
    }

    /** Entry {@code i} restored by {@code restorer} at {@code site}: it leaves for the ring. */
    void restored(int i, int site, String restorer, long clock) {
        remember(refs[i], values[i], rules[i], saveSites[i], site, restorer, clock);
        remove(i);
    }

    void remember(Object ref, long value, int rule, int saveSite, int restoreSite, String restorer, long clock) {
        int r = ringNext;
        ringRefs[r] = ref;
        ringValues[r] = value;
        ringRules[r] = rule;
        ringSaveSites[r] = saveSite;
        ringRestoreSites[r] = restoreSite;
        ringRestorers[r] = restorer;
        ringClock[r] = clock;
        ringNext = (r + 1) % RING;
    }

    /** The ring slot of the latest restore of the token, -1 if none is remembered. */
    int lastRestore(Object ref, long value, int rule) {
        int best = -1;
        for (int r = 0; r < RING; r++) {
            if (ringRestoreSites[r] != 0 && ringRefs[r] == ref && ringValues[r] == value && ringRules[r] == rule
                    && (best < 0 || ringClock[r] > ringClock[best])) {
                best = r;
            }
        }
        return best;
    }

    /** Keeps the save order: {@link #find} answers with the newest save. */
    private void remove(int i) {
        int after = count - i - 1;
        System.arraycopy(refs, i + 1, refs, i, after);
        System.arraycopy(values, i + 1, values, i, after);
        System.arraycopy(rules, i + 1, rules, i, after);
        System.arraycopy(saveSites, i + 1, saveSites, i, after);
        System.arraycopy(takenSites, i + 1, takenSites, i, after);
        System.arraycopy(takenBy, i + 1, takenBy, i, after);
        count--;
        refs[count] = null;
        takenBy[count] = null;
    }
}
