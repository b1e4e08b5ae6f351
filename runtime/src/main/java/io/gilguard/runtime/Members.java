package io.gilguard.runtime;

import java.lang.ref.WeakReference;

/**
 * The members of the field families: every object seen in a family's field, by identity,
 * weakly (a member goes with its object). Read without a lock on the hot path: an open-addressing
 * table keyed by identity hash, published whole; added to under a lock, rarely (once per object
 * made). Slots of objects gone are dropped when the table is rebuilt.
 */
final class Members {
    /** Bounds the table whatever the program does; beyond it new objects are not followed (said once). */
    private static final int MAX = 1 << 20;

    /** The family is final: a reader that sees the slot sees it too. */
    private static final class Member extends WeakReference<Object> {
        final int family;

        Member(Object o, int family) {
            super(o);
            this.family = family;
        }
    }

    private static volatile Member[] table = new Member[64];
    private static int used;
    private static boolean full;

    private Members() {}

    static int familyOf(Object o) {
        Member[] t = table;
        int mask = t.length - 1;
        for (int i = System.identityHashCode(o) & mask; ; i = i + 1 & mask) {
            Member m = t[i];
            if (m == null) {
                return -1;
            }
            if (m.get() == o) {
                return m.family;
            }
        }
    }

    static synchronized void add(Object o, int family) {
        if (familyOf(o) >= 0) {
            return; // an object stays in the family it was first seen in
        }
        Member[] t = table;
        if ((used + 1) * 2 > t.length) {
            t = rebuilt(t);
            if (t == null) {
                return;
            }
        }
        put(t, new Member(o, family));
        used++;
        table = t;
    }

    private static void put(Member[] t, Member m) {
        int mask = t.length - 1;
        int i = System.identityHashCode(m.get()) & mask;
        while (t[i] != null) {
            i = i + 1 & mask;
        }
        t[i] = m;
    }

    /** Live members in a table sized for twice as many (or more); null when full. */
    private static Member[] rebuilt(Member[] old) {
        int live = 0;
        for (Member m : old) {
            if (m != null && m.get() != null) {
                live++;
            }
        }
        if (live >= MAX) {
            if (!full) {
                full = true;
                Errors.note("more than " + MAX + " objects in lock families' fields: objects made from now on are not followed");
            }
            return null;
        }
        int size = 64;
        while (size < (live + 1) * 4) {
            size *= 2;
        }
        Member[] t = new Member[size];
        for (Member m : old) {
            Object o = m == null ? null : m.get();
            if (o != null) {
                put(t, m);
            }
        }
        used = live;
        return t;
    }
}
