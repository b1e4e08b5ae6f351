package io.gilguard.apps.family;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Locks that come in families, one per object. "busy": a connection's monitor held by a
 * synchronized native method, a synchronized method and a synchronized block while native code
 * calls the busy handler back (which sleeps; a second thread waits for the connection);
 * "unheld": the busy handler called with no connection's monitor held. "live": the objects are
 * made first, and each "fire" line on stdin runs "busy" and a leaking "engine" once (for a
 * gilguard attached meanwhile).
 * "engine": a native thread's callback takes one engine's lock (an instance field) and keeps it
 * ("engine fixed" gives it back). "pairing": an unlock of the wrong engine's lock, and of another
 * thread's ("pairing fixed" pairs them). "jni": a thread enters a connection's monitor through
 * JNI MonitorEnter and ends holding it ("jni fixed" exits it).
 */
public final class Main {
    static final long BUSY_MILLIS = 150;
    /** The connection of "busy", in a static field too, for rules that name it as a static lock. */
    static final Db SHARED = new Db();

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : System.getProperty("gilguard.apps.family.mode", "busy");
        boolean fixed = args.length > 1 && args[1].equals("fixed");
        switch (mode) {
            case "engine":
                engine(fixed);
                break;
            case "pairing":
                pairing(fixed);
                break;
            case "jni":
                jni(fixed);
                break;
            case "live":
                live();
                break;
            case "unheld":
                new Db(); // a member exists, none is held
                NativeLib.busy(new Sleeper()); // @site:unheld
                break;
            default:
                busy();
        }
    }

    private static void busy() throws InterruptedException {
        Db db = SHARED;
        System.out.println("db=" + db);
        Sleeper handler = new Sleeper();
        Thread waiter = new Thread(() -> {
            try {
                Thread.sleep(BUSY_MILLIS / 3);
            } catch (InterruptedException e) {
                return;
            }
            long start = System.nanoTime();
            db.close();
            System.out.println("waiter waited " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        }, "waiter");
        waiter.start();
        db.prepare(handler);
        db.step(handler);
        synchronized (db) { // @site:block
            NativeLib.busy(handler);
        }
        waiter.join();
        System.out.println("busy handler called " + handler.calls + " times");
    }

    private static void live() throws IOException, InterruptedException {
        Db db = SHARED;
        Sleeper handler = new Sleeper();
        Engine a = new Engine("a");
        Worker worker = new Worker(a, true);
        System.out.println("a=" + a.lockLabel());
        System.out.println("db=" + db);
        System.out.println("family-app: ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int fired = 0;
        for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
            if (line.equals("fire")) {
                db.prepare(handler);
                db.step(handler);
                blocked(db, handler);
                NativeLib.run(worker, 1, 1);
                System.out.println("family-app: fired " + ++fired);
            }
        }
    }

    /** A method of its own, so that a call after the attach runs its new code. */
    private static void blocked(Db db, BusyHandler handler) {
        synchronized (db) { // @site:live-block
            NativeLib.busy(handler);
        }
    }

    private static void engine(boolean fixed) throws InterruptedException {
        Engine a = new Engine("a");
        Engine b = new Engine("b");
        System.out.println("a=" + a.lockLabel());
        NativeLib.run(new Worker(a, !fixed), 1, 1);
        NativeLib.run(new Worker(b, false), 1, 1);
        for (Engine e : new Engine[] {a, b}) {
            // a leaked lock would block lock() forever; tryLock with a timeout tells instead
            if (e.lock.tryLock(1, TimeUnit.SECONDS)) {
                e.lock.unlock();
                System.out.println("engine " + e.name + " free");
            } else {
                System.out.println("engine " + e.name + " still held");
            }
        }
    }

    private static void pairing(boolean fixed) throws InterruptedException {
        Engine a = new Engine("a");
        Engine b = new Engine("b");
        System.out.println("a=" + a.lockLabel());
        System.out.println("b=" + b.lockLabel());
        a.lock.lock(); // @site:pair-acquire
        if (!fixed) {
            try {
                b.lock.unlock(); // @site:wrong-unlock
            } catch (IllegalMonitorStateException e) {
                System.out.println("b: " + e.getClass().getSimpleName());
            }
        }
        Thread other = new Thread(() -> {
            if (fixed) {
                b.lock.lock();
                b.lock.unlock();
                return;
            }
            try {
                a.lock.unlock(); // @site:foreign-unlock
            } catch (IllegalMonitorStateException e) {
                System.out.println("a: " + e.getClass().getSimpleName());
            }
        }, "other");
        other.start();
        other.join();
        a.lock.unlock();
        System.out.println("pairing done");
    }

    private static void jni(boolean fixed) throws InterruptedException {
        Db db = new Db();
        System.out.println("db=" + db);
        Thread holder = new Thread(() -> {
            if (fixed) {
                NativeLib.enterExit(db);
            } else {
                NativeLib.enterOnly(db);
            }
        }, "jni-holder");
        holder.start();
        holder.join();
        System.out.println("jni done");
    }
}
