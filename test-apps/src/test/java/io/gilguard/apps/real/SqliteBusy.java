package io.gilguard.apps.real;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConnection;

/**
 * sqlite-jdbc as applications use it: two connections to one database file; the first keeps a
 * write transaction open, the second writes and waits in its busy handler, which SQLite calls
 * from native code while sqlite-jdbc holds the connection's NativeDB monitor (a
 * {@code synchronized (db)} block around the native step).
 */
public final class SqliteBusy {
    private SqliteBusy() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile("gilguard-sqlite", ".db");
        try (Connection a = DriverManager.getConnection("jdbc:sqlite:" + file);
             Connection b = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = a.createStatement()) {
                s.execute("create table t(x)");
            }
            Object db = ((SQLiteConnection) b).getDatabase();
            System.out.println("db=" + db.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(db)));
            int[] calls = new int[1];
            BusyHandler.setHandler(b, new BusyHandler() {
                @Override
                protected int callback(int tries) {
                    calls[0]++; // @site:busy
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return 0;
                    }
                    return tries < 3 ? 1 : 0;
                }
            });
            a.setAutoCommit(false);
            try (Statement s = a.createStatement()) {
                s.execute("insert into t values (1)");
            }
            try (Statement s = b.createStatement()) {
                s.execute("insert into t values (2)");
                System.out.println("b wrote");
            } catch (SQLException e) {
                System.out.println("b busy: " + e.getErrorCode());
            }
            a.commit();
            System.out.println("busy handler called " + calls[0] + " times");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
