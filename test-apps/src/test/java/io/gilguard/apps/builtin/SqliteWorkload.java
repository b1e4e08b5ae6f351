package io.gilguard.apps.builtin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.BusyHandler;
import org.sqlite.Collation;
import org.sqlite.Function;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * sqlite-jdbc used correctly, touching every boundary of the built-in set: a table, inserts in a
 * transaction, a rollback, queries through a scalar, an aggregate and a window function and a
 * collation, update and commit listeners, a progress handler, a backup that reports progress,
 * then two threads writing through two connections to one file, each waiting in its busy
 * handler while the other commits.
 */
public final class SqliteWorkload {
    static final AtomicInteger UPDATES = new AtomicInteger();
    static final AtomicInteger COMMITS = new AtomicInteger();
    static final AtomicInteger ROLLBACKS = new AtomicInteger();
    static final AtomicInteger PROGRESS = new AtomicInteger();
    static final AtomicInteger BACKUP_STEPS = new AtomicInteger();

    private SqliteWorkload() {
    }

    /** twice(n): a scalar function. */
    static final class Twice extends Function {
        @Override
        protected void xFunc() throws SQLException {
            result(value_int(0) * 2);
        }
    }

    /** total(n): an aggregate; SQLite asks for a copy per group. */
    static final class Total extends Function.Aggregate {
        private long sum;

        @Override
        protected void xStep() throws SQLException {
            sum += value_long(0);
        }

        @Override
        protected void xFinal() throws SQLException {
            result(sum);
        }
    }

    /** wsum(n): a window function, the sum over a sliding frame. */
    static final class WindowSum extends Function.Window {
        private long sum;

        @Override
        protected void xStep() throws SQLException {
            sum += value_long(0);
        }

        @Override
        protected void xInverse() throws SQLException {
            sum -= value_long(0);
        }

        @Override
        protected void xValue() throws SQLException {
            result(sum);
        }

        @Override
        protected void xFinal() throws SQLException {
            result(sum);
        }
    }

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile("gilguard-sqlite", ".db");
        Path copy = Files.createTempFile("gilguard-sqlite-backup", ".db");
        try {
            oneConnection(file, copy);
            twoThreads(file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(copy);
        }
    }

    private static void oneConnection(Path file, Path copy) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            SQLiteConnection conn = (SQLiteConnection) c;
            conn.addUpdateListener((type, database, table, rowId) -> UPDATES.incrementAndGet());
            conn.addCommitListener(new SQLiteCommitListener() {
                @Override
                public void onCommit() {
                    COMMITS.incrementAndGet();
                }

                @Override
                public void onRollback() {
                    ROLLBACKS.incrementAndGet();
                }
            });
            Function.create(c, "twice", new Twice());
            Function.create(c, "total", new Total());
            Function.create(c, "wsum", new WindowSum());
            Collation.create(c, "reverse", new Collation() {
                @Override
                protected int xCompare(String a, String b) {
                    return b.compareTo(a);
                }
            });
            try (Statement s = c.createStatement()) {
                s.execute("create table t(id integer primary key, name text, n int)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into t(name, n) values (?, ?)")) {
                for (int i = 1; i <= 100; i++) {
                    insert.setString(1, "name" + i);
                    insert.setInt(2, i);
                    insert.executeUpdate();
                }
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.execute("insert into t(name, n) values ('undone', 0)");
            }
            c.rollback();
            c.setAutoCommit(true);
            ProgressHandler.setHandler(c, 100, new ProgressHandler() {
                @Override
                protected int progress() {
                    PROGRESS.incrementAndGet();
                    return 0;
                }
            });
            try (Statement s = c.createStatement()) {
                System.out.println("twice: " + single(s, "select sum(twice(n)) from t"));
                System.out.println("total: " + single(s, "select total(n) from t"));
                System.out.println("wsum: " + single(s,
                        "select max(w) from (select wsum(n) over (order by id rows between 1 preceding and current row) as w from t)"));
                System.out.println("first reversed: " + single(s, "select name from t order by name collate reverse limit 1"));
            }
            ProgressHandler.clearHandler(c);
            conn.getDatabase().backup("main", copy.toString(), (remaining, pageCount) -> BACKUP_STEPS.incrementAndGet());
            System.out.println("updates=" + UPDATES + " commits=" + COMMITS + " rollbacks=" + ROLLBACKS
                    + " progress " + (PROGRESS.get() > 0) + " backup steps " + (BACKUP_STEPS.get() > 0));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement s = c.createStatement()) {
            System.out.println("backup rows: " + single(s, "select count(*) from t"));
        }
    }

    private static String single(Statement s, String query) throws SQLException {
        try (ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * Two threads, each with its own connection (BEGIN IMMEDIATE), insert 10 rows per
     * transaction; a writer that finds the database locked waits in its busy handler. Each
     * handler holds only its own connection's monitor, which no other thread wants.
     */
    private static void twoThreads(Path file) throws Exception {
        AtomicInteger busy = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                SQLiteConfig config = new SQLiteConfig();
                config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
                try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
                    BusyHandler.setHandler(c, new BusyHandler() {
                        @Override
                        protected int callback(int tries) {
                            busy.incrementAndGet();
                            try {
                                Thread.sleep(1);
                            } catch (InterruptedException e) {
                                return 0;
                            }
                            return tries < 10_000 ? 1 : 0; // up to about 10 s
                        }
                    });
                    c.setAutoCommit(false);
                    try (PreparedStatement insert = c.prepareStatement("insert into t(name, n) values (?, ?)")) {
                        for (int txn = 0; txn < 20; txn++) {
                            for (int i = 0; i < 10; i++) {
                                insert.setString(1, "writer" + writer);
                                insert.setInt(2, i);
                                insert.executeUpdate();
                            }
                            c.commit();
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "writer-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("writers failed: " + failures, failures.get(0));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            System.out.println("rows by the writers: " + single(s, "select count(*) from t where name like 'writer%'"));
        }
    }
}
