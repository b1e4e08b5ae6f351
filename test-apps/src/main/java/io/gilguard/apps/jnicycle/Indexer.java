package io.gilguard.apps.jnicycle;

/** Counts the rows scanned; the count is interpreter state, guarded by the GIL the upcall takes. */
public final class Indexer implements Rows {
    private int rows;

    @Override
    public void onRow() {
        rows++; // @site:jnicycle-upcall
    }

    public int rows() {
        Engine.GIL.lock();
        try {
            return rows;
        } finally {
            Engine.GIL.unlock();
        }
    }
}
