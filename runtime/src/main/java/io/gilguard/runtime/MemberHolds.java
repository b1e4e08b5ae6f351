package io.gilguard.runtime;

import java.util.Arrays;

/**
 * The family members one thread holds: object, family, reentry count, site and sequence number
 * of the outermost acquisition, and (as {@link Ledger} keeps them per lock) the sequence number
 * of the latest acquisition and the count before the first reentry since a boundary's entry. A thread holds few at once, so a list scanned by identity; it
 * grows (rarely) and never shrinks. A slot past the list's end keeps the object last held there,
 * so that taking the same object again stores no reference (each store into a long-lived array
 * costs a GC write barrier, several nanoseconds): at most as many objects as the thread ever held
 * at once stay reachable that way, until the slot is reused or the thread ends.
 */
final class MemberHolds {
    Object[] objects = new Object[4];
    int[] families = new int[4];
    int[] counts = new int[4];
    int[] sites = new int[4];
    int[] seqs = new int[4];
    int[] reentered = new int[4];
    int[] reentryBase = new int[4];
    int size;

    int find(Object o) {
        Object[] objs = objects;
        int n = Math.min(size, objs.length); // another thread's ledger on the violation path may be mid-growth
        for (int i = 0; i < n; i++) {
            if (objs[i] == o) {
                return i;
            }
        }
        return -1;
    }

    void add(Object o, int family, int site, int seq) {
        if (size == objects.length) {
            int n = size * 2;
            objects = Arrays.copyOf(objects, n);
            families = Arrays.copyOf(families, n);
            counts = Arrays.copyOf(counts, n);
            sites = Arrays.copyOf(sites, n);
            seqs = Arrays.copyOf(seqs, n);
            reentered = Arrays.copyOf(reentered, n);
            reentryBase = Arrays.copyOf(reentryBase, n);
        }
        if (objects[size] != o) {
            objects[size] = o;
        }
        families[size] = family;
        counts[size] = 1;
        sites[size] = site;
        seqs[size] = seq;
        reentered[size] = seq;
        size++;
    }

    void remove(int i) {
        int last = --size;
        if (i != last) {
            objects[i] = objects[last];
            families[i] = families[last];
            counts[i] = counts[last];
            sites[i] = sites[last];
            seqs[i] = seqs[last];
            reentered[i] = reentered[last];
            reentryBase[i] = reentryBase[last];
        }
    }

    void clear() {
        Arrays.fill(objects, null);
        size = 0;
    }
}
