package io.gilguard.apps.monitorwait;

import java.util.concurrent.TimeUnit;

/**
 * A thread waits for a monitor whose holder is inside native code: sqlite-jdbc's busy handler,
 * which sleeps inside {@code synchronized native prepare_utf8} while another thread calls the
 * same connection. Modes:
 * <ul>
 * <li>{@code method}: "holder" sleeps 300 ms in C inside {@code synchronized native prepare};
 *     "waiter" calls {@code synchronized native step} on the same {@link Db} meanwhile.
 * <li>{@code method-fixed}: "holder" does the C work outside the monitor, then a quick
 *     {@code step}; "waiter" calls {@code step} as before and does not wait.
 * <li>{@code block}: "holder" sleeps 300 ms in C inside {@code synchronized (Engine.LOCK)};
 *     "waiter" enters {@code synchronized (Engine.LOCK)} meanwhile.
 * <li>{@code block-fixed}: "holder" does the C work before its synchronized block.
 * </ul>
 */
public final class Main {
    private static final Db DB = new Db();

    public static void main(String[] args) throws InterruptedException {
        Db.working(); // loads the library first
        switch (args[0]) {
            case "method":
                contended(Main::holdMethod, Main::waitMethod);
                break;
            case "method-fixed":
                contended(Main::holdMethodFixed, Main::waitMethod);
                break;
            case "block":
                contended(Main::holdBlock, Main::waitBlock);
                break;
            case "block-fixed":
                contended(Main::holdBlockFixed, Main::waitBlock);
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    private static void holdMethod() {
        DB.prepare(300); // @site:monitorwait-hold-method
    }

    private static void holdMethodFixed() {
        Db.work(300);
        DB.step();
    }

    private static void waitMethod() {
        DB.step(); // @site:monitorwait-wait-method
    }

    private static void holdBlock() {
        synchronized (Engine.LOCK) { // @site:monitorwait-hold-block
            Db.work(300);
        }
    }

    private static void holdBlockFixed() {
        Db.work(300);
        synchronized (Engine.LOCK) {
            Engine.LOCK.hashCode();
        }
    }

    private static void waitBlock() {
        synchronized (Engine.LOCK) { // @site:monitorwait-wait-block
            Engine.LOCK.hashCode();
        }
    }

    /** Starts "holder", and "waiter" once the holder is inside C; says whether the waiter waited. */
    private static void contended(Runnable hold, Runnable wait) throws InterruptedException {
        Thread holder = new Thread(hold, "holder");
        holder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Db.working() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long start = System.nanoTime();
        Thread waiter = new Thread(wait, "waiter");
        waiter.start();
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        holder.join(TimeUnit.SECONDS.toMillis(10));
        System.out.println("waiter waited >= 200 ms: " + (waited >= 200));
    }
}
