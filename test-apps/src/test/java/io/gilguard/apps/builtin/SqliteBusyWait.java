package io.gilguard.apps.builtin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * A busy handler that sleeps: thread "writer" inserts through connection b while main keeps a
 * write transaction open on connection a. SQLite calls b's busy handler from inside the native
 * step, with b's monitor held, so while it sleeps main, which wants b too, waits. With
 * {@code timeout}, the fixed twin: b has a busy timeout instead (SQLite waits in C, no Java
 * callback), and main commits while the writer waits.
 */
public final class SqliteBusyWait {
    private SqliteBusyWait() {
    }

    public static void main(String[] args) throws Exception {
        boolean handler = args[0].equals("handler");
        Path file = Files.createTempFile("gilguard-sqlite", ".db");
        SQLiteConfig config = new SQLiteConfig();
        if (!handler) {
            config.setBusyTimeout(10_000);
        }
        try (Connection a = DriverManager.getConnection("jdbc:sqlite:" + file);
             Connection b = config.createConnection("jdbc:sqlite:" + file)) {
            try (Statement s = a.createStatement()) {
                s.execute("create table t(x)");
            }
            Object db = ((SQLiteConnection) b).getDatabase();
            System.out.println("db=" + db.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(db)));
            CountDownLatch waiting = new CountDownLatch(1);
            int[] calls = new int[1];
            if (handler) {
                BusyHandler.setHandler(b, new BusyHandler() {
                    @Override
                    protected int callback(int tries) {
                        calls[0]++; // @site:busy
                        waiting.countDown();
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return 0;
                        }
                        return tries < 5 ? 1 : 0;
                    }
                });
            }
            a.setAutoCommit(false);
            try (Statement s = a.createStatement()) {
                s.execute("insert into t values (1)");
            }
            Thread writer = new Thread(() -> {
                try (Statement s = b.createStatement()) {
                    s.execute("insert into t values (2)");
                    System.out.println("writer wrote");
                } catch (SQLException e) {
                    System.out.println("writer busy: " + e.getErrorCode());
                }
            }, "writer");
            writer.start();
            if (handler) {
                waiting.await();
                // b's monitor is the writer's until its busy handler gives up: main waits here
                System.out.println("main: b total changes " + ((SQLiteConnection) b).getDatabase().total_changes());
                writer.join();
                a.commit();
            } else {
                // until the writer is inside its statement, holding b's monitor, then 200 ms more
                while (!Monitors.holds(writer, db) && writer.isAlive()) {
                    Thread.sleep(1);
                }
                Thread.sleep(200);
                a.commit();
                writer.join();
            }
            System.out.println("busy handler called " + calls[0] + " times");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
