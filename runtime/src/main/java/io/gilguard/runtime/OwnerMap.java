package io.gilguard.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * The owners of thread state whose class was loaded before gilguard could add its owner field
 * (the fallback; see {@link StateHooks}): by object identity, weakly, so that an owned object
 * still goes when the application drops it. A synchronized hash table: every checked call looks
 * its object up here, which is why this is only the fallback.
 */
final class OwnerMap {
    /** An owned object's owner and the site where it became the owner; owner null: not bound now. */
    static final class Owner {
        volatile Thread thread;
        volatile int site;

        Owner(Thread thread, int site) {
            this.thread = thread;
            this.site = site;
        }
    }

    private static final class Entry extends WeakReference<Object> {
        final int hash;
        final Owner owner;
        Entry next;

        Entry(Object key, int hash, Owner owner, Entry next, ReferenceQueue<Object> queue) {
            super(key, queue);
            this.hash = hash;
            this.owner = owner;
            this.next = next;
        }
    }

    private static final ReferenceQueue<Object> QUEUE = new ReferenceQueue<>();
    private static Entry[] table = new Entry[64];
    private static int size;

    private OwnerMap() {}

    /** The record of {@code state}, null when gilguard has not seen it become owned. */
    static synchronized Owner get(Object state) {
        expunge();
        int h = System.identityHashCode(state);
        for (Entry e = table[h & (table.length - 1)]; e != null; e = e.next) {
            if (e.hash == h && e.get() == state) {
                return e.owner;
            }
        }
        return null;
    }

    /** The record of {@code state}, made with {@code thread} and {@code site} when there is none. */
    static synchronized Owner putIfAbsent(Object state, Thread thread, int site) {
        Owner known = get(state);
        if (known != null) {
            return known;
        }
        if (size >= table.length * 3 / 4) {
            grow();
        }
        int h = System.identityHashCode(state);
        int i = h & (table.length - 1);
        Owner owner = new Owner(thread, site);
        table[i] = new Entry(state, h, owner, table[i], QUEUE);
        size++;
        return owner;
    }

    private static void grow() {
        Entry[] old = table;
        Entry[] bigger = new Entry[old.length * 2];
        for (Entry head : old) {
            for (Entry e = head; e != null; ) {
                Entry next = e.next;
                int i = e.hash & (bigger.length - 1);
                e.next = bigger[i];
                bigger[i] = e;
                e = next;
            }
        }
        table = bigger;
    }

    /** Drops the entries of objects the application no longer has. */
    private static void expunge() {
        for (Object gone; (gone = QUEUE.poll()) != null; ) {
            Entry dead = (Entry) gone;
            int i = dead.hash & (table.length - 1);
            Entry prev = null;
            for (Entry e = table[i]; e != null; prev = e, e = e.next) {
                if (e == dead) {
                    if (prev == null) {
                        table[i] = e.next;
                    } else {
                        prev.next = e.next;
                    }
                    size--;
                    break;
                }
            }
        }
    }
}
