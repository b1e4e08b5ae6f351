package io.gilguard.apps.real;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteUpdateListener;

/**
 * sqlite-jdbc's update listener, written as a lambda as applications write it: SQLite's update
 * hook calls it back from native code, through NativeDB, while a statement steps.
 */
public final class SqliteUpdates {
    private static int updates;

    private SqliteUpdates() {
    }

    static SQLiteUpdateListener listener() {
        return (type, database, table, rowId) -> {
            updates++; // @site:update
        };
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            SQLiteConnection conn = (SQLiteConnection) c;
            Object db = conn.getDatabase();
            System.out.println("db=" + db.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(db)));
            conn.addUpdateListener(listener());
            try (Statement s = c.createStatement()) {
                s.execute("create table t(x)");
                for (int i = 0; i < 3; i++) {
                    s.execute("insert into t values (" + i + ")");
                }
            }
            System.out.println("updates=" + updates);
        }
    }
}
