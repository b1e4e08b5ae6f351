package io.gilguard.runtime;

/**
 * The C functions the JDK's symbol lookups found, by address: an FFM downcall handle is made
 * from an address ({@code MemorySegment}), and a {@code native:} rule names a symbol. Filled by
 * the advice on the JDK's native libraries' {@code find(String)} (behind {@code libraryLookup},
 * {@code loaderLookup} and {@code defaultLookup}), read when a handle is made and, for a handle
 * that takes its address as an argument, at each call.
 *
 * <p>An open-addressing table of immutable entries, written under the class's lock (a lookup
 * is rare), read without one: a reader sees a whole entry or none, a table being replaced is
 * published through a volatile field. A read allocates nothing. Each entry caches the boundary
 * its symbol enters, resolved on first use; {@link #forget} drops the cached answers when the
 * agent that gives them changes.
 */
final class ForeignSymbols {
    /** An address the lookups found and the boundary it enters, cached. */
    static final class Entry {
        final long address;
        final String symbol;
        /**
         * The boundary, plus 2, shifted left once, with the low bit set when one of its policies is
         * enforced; 0 until resolved, 2 for none. A racy write only costs a second resolution; 0
         * being "unknown" keeps an entry seen before its field is written correct.
         */
        int code;

        Entry(long address, String symbol) {
            this.address = address;
            this.symbol = symbol;
        }
    }

    /** Well beyond the symbols of any application; past it new ones are not followed (said once). */
    private static final int MAX = 1 << 20;
    private static volatile Entry[] table = new Entry[1024];
    private static int size;

    private ForeignSymbols() {}

    /** {@code symbol} is at {@code address} (not 0); a later name for the same address replaces it. */
    static synchronized void found(String symbol, long address) {
        Entry[] t = table;
        int i = slot(t, address);
        if (t[i] != null) {
            if (!t[i].symbol.equals(symbol)) {
                t[i] = new Entry(address, symbol);
            }
            return;
        }
        if (size >= MAX) {
            Errors.note("more than " + MAX + " C symbols looked up: FFM downcalls of those found later are not checked");
            return;
        }
        if ((size + 1) * 2 > t.length) {
            t = grow(t);
            i = slot(t, address);
        }
        t[i] = new Entry(address, symbol);
        size++;
        table = t;
    }

    /** The entry of {@code address}, null if no lookup found it: a load and a few compares. */
    static Entry at(long address) {
        Entry[] t = table;
        int mask = t.length - 1;
        for (int i = hash(address) & mask; ; i = (i + 1) & mask) {
            Entry e = t[i];
            if (e == null || e.address == address) {
                return e;
            }
        }
    }

    /** Every cached boundary is forgotten: the agent that answers changed (an attach, a detach). */
    static synchronized void forget() {
        Entry[] t = table;
        Entry[] fresh = new Entry[t.length];
        for (int i = 0; i < t.length; i++) {
            fresh[i] = t[i] == null ? null : new Entry(t[i].address, t[i].symbol);
        }
        table = fresh;
    }

    private static Entry[] grow(Entry[] t) {
        Entry[] bigger = new Entry[t.length * 2];
        for (Entry e : t) {
            if (e != null) {
                bigger[slot(bigger, e.address)] = e;
            }
        }
        return bigger;
    }

    /** The slot of {@code address} in {@code t}: its entry's, or the empty one where it goes. */
    private static int slot(Entry[] t, long address) {
        int mask = t.length - 1;
        int i = hash(address) & mask;
        while (t[i] != null && t[i].address != address) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** Addresses are aligned: their low bits say little, so they are mixed first. */
    private static int hash(long address) {
        return (int) ((address * 0x9E3779B97F4A7C15L) >>> 32);
    }
}
