package io.gilguard.apps.jnicycle;

/**
 * The fixed scanner: its callback, which runs under the GIL, updates the table, so the native
 * thread takes the table's monitor after the GIL, in the writer's order.
 */
public final class Updater implements Rows {
    private final Table table;
    private int rows;

    public Updater(Table table) {
        this.table = table;
    }

    @Override
    public void onRow() {
        NativeLib.update(table); // @site:jnicycle-updater
        rows++;
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
