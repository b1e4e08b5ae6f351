package io.gilguard.apps.jnicycle;

/**
 * A lock-order cycle across the boundary, in a run that never deadlocks. Thread "writer" holds
 * the GIL and calls {@code update}, whose C code enters the table's monitor (GIL, then table);
 * native thread "native-scanner" enters the table's monitor and calls back into Java, where the
 * upcall rule takes the GIL (table, then GIL). Run one after the other, each waits for nothing;
 * run at the same moment, each could wait for the other for ever.
 *
 * <p>Modes: none (writer first, the native thread's acquisition of the GIL closes the cycle),
 * {@code reverse} (native thread first, the writer's MonitorEnter closes it); {@code release},
 * with rules that let the GIL go around {@code update} (fixed: the writer enters the monitor
 * without it), and {@code gilfirst} (fixed: the native thread's callback takes the GIL first,
 * then updates the table: one order everywhere).
 */
public final class Main {
    public static void main(String[] args) throws InterruptedException {
        String mode = args.length > 0 ? args[0] : "broken";
        Table table = new Table();
        Indexer indexer = new Indexer();
        switch (mode) {
            case "reverse":
                NativeLib.scan(table, indexer, true);
                write(table);
                break;
            case "gilfirst": {
                write(table);
                Updater updater = new Updater(table);
                NativeLib.scan(table, updater, false);
                System.out.println("rows=" + updater.rows());
                return;
            }
            default: // broken, release
                write(table);
                NativeLib.scan(table, indexer, true);
                break;
        }
        System.out.println("rows=" + indexer.rows());
    }

    /** Thread "writer" updates the table holding the GIL; returns when it is done. */
    private static void write(Table table) throws InterruptedException {
        Thread writer = new Thread(() -> updateUnderGil(table), "writer");
        writer.start();
        writer.join();
    }

    private static void updateUnderGil(Table table) {
        Engine.GIL.lock(); // @site:jnicycle-gil
        try {
            NativeLib.update(table);
        } finally {
            Engine.GIL.unlock();
        }
        System.out.println("writer: updated");
    }
}
