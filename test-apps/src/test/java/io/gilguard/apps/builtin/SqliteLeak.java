package io.gilguard.apps.builtin;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.Function;

/**
 * An application-defined SQL function that takes the application's own lock and, with
 * {@code leak}, returns to SQLite still holding it (the fixed twin, {@code fixed}, unlocks in
 * finally). SQLite calls it from native code once per row: one row unless a second argument
 * says how many. On rows after the first a leaking function takes the lock it already holds
 * once more and keeps that reentry too.
 */
public final class SqliteLeak {
    static final ReentrantLock LOCK = new ReentrantLock();
    static int hits;

    private SqliteLeak() {
    }

    /** counted(x): counts the rows it sees under the application's lock. */
    static final class Counted extends Function {
        private final boolean leak;

        Counted(boolean leak) {
            this.leak = leak;
        }

        @Override
        protected void xFunc() throws SQLException {
            LOCK.lock(); // @site:take
            if (leak) {
                hits++;
                result(hits);
                return;
            }
            try {
                hits++;
                result(hits);
            } finally {
                LOCK.unlock();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        boolean leak = args[0].equals("leak");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            Function.create(c, "counted", new Counted(leak));
            try (Statement s = c.createStatement()) {
                s.execute("create table t(x)");
                for (int i = 1; i <= rows; i++) {
                    s.execute("insert into t values (" + i + ")");
                }
                try (ResultSet r = s.executeQuery("select counted(x) from t")) {
                    int last = 0;
                    while (r.next()) {
                        last = r.getInt(1);
                    }
                    System.out.println("counted " + last);
                }
            }
        }
        System.out.println("app lock held " + LOCK.getHoldCount() + " times after the query");
        while (LOCK.isHeldByCurrentThread()) {
            LOCK.unlock();
        }
    }
}
