package io.gilguard.apps.builtin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.AbstractComparator;
import org.rocksdb.AbstractEventListener;
import org.rocksdb.AbstractTableFilter;
import org.rocksdb.ComparatorOptions;
import org.rocksdb.FlushJobInfo;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Logger;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.TableProperties;

/**
 * RocksDB used the way an application does, with every callback the built-in rule set names:
 * a logger, a comparator, an event listener and a table filter, all
 * called by RocksDB's native code. The flush listener takes the application's lock APP: with
 * "fixed" it unlocks in finally; with "leak" it returns holding it, on RocksDB's flush thread.
 */
public final class RocksApp {
    /** The application's lock. */
    static final ReentrantLock APP = new ReentrantLock();

    public static void main(String[] args) throws Exception {
        boolean leak = args.length > 0 && args[0].equals("leak");
        RocksDB.loadLibrary();
        Path dir = Files.createTempDirectory("gilguard-rocks");
        AtomicInteger logged = new AtomicInteger();
        AtomicInteger compared = new AtomicInteger();
        AtomicInteger tables = new AtomicInteger();
        CountDownLatch flushed = new CountDownLatch(1);
        String[] flushThread = new String[1];

        AbstractEventListener listener = leak ? new AbstractEventListener() {
            @Override
            public void onFlushCompleted(RocksDB db, FlushJobInfo info) {
                flushThread[0] = Thread.currentThread().getName();
                APP.lock(); // @site:leak-lock
                flushed.countDown();
            }
        } : new AbstractEventListener() {
            @Override
            public void onFlushCompleted(RocksDB db, FlushJobInfo info) {
                flushThread[0] = Thread.currentThread().getName();
                APP.lock();
                try {
                    flushed.countDown();
                } finally {
                    APP.unlock();
                }
            }
        };
        try (ComparatorOptions comparatorOptions = new ComparatorOptions();
                AbstractComparator bytewise = new AbstractComparator(comparatorOptions) {
                    @Override
                    public String name() {
                        return "gilguard.bytewise";
                    }

                    @Override
                    public int compare(ByteBuffer a, ByteBuffer b) {
                        compared.incrementAndGet();
                        return a.compareTo(b);
                    }
                };
                Logger logger = new Logger(InfoLogLevel.INFO_LEVEL) {
                    @Override
                    protected void log(InfoLogLevel level, String message) {
                        logged.incrementAndGet();
                    }
                };
                Options options = new Options().setCreateIfMissing(true).setComparator(bytewise).setLogger(logger)
                        .setListeners(List.of(listener));
                RocksDB db = RocksDB.open(options, dir.toString())) {
            for (int i = 0; i < 100; i++) {
                db.put(bytes("key" + i), bytes("value" + i));
            }
            if (!new String(db.get(bytes("key42")), StandardCharsets.UTF_8).equals("value42")) {
                throw new AssertionError("key42");
            }
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush);
            }
            if (!flushed.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("no onFlushCompleted");
            }
            db.compactRange();
            int keys = 0;
            try (AbstractTableFilter tableFilter = new AbstractTableFilter() {
                        @Override
                        public boolean filter(TableProperties properties) {
                            tables.incrementAndGet();
                            return true;
                        }
                    };
                    ReadOptions read = new ReadOptions().setTableFilter(tableFilter);
                    RocksIterator it = db.newIterator(read)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    keys++;
                }
            }
            System.out.println("keys=" + keys);
            System.out.println("flush listener ran on: " + flushThread[0]);
            System.out.println("compared=" + (compared.get() > 0) + " logged=" + (logged.get() > 0)
                    + " tables=" + (tables.get() > 0));
        }
        System.out.println("app lock " + (APP.isLocked() ? "still held" : "free"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
