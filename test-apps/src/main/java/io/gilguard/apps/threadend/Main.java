package io.gilguard.apps.threadend;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Java threads that end holding a lock, which then stays held forever (unlock() from any other
 * thread throws). Broken (no argument): dies-locked takes the GIL and dies of an uncaught
 * exception before its unlock (no finally); returns-locked takes DB twice and returns normally
 * (the agent reports HELD_AT_THREAD_EXIT for each, the second with hold count 2). Fixed
 * (argument "fixed"): both unlock in finally; dies-locked still dies of the exception.
 * With the argument "virtual" (JDK 21+), instead: the virtual thread virtual-locked takes POOL
 * and returns without unlock (HELD_AT_THREAD_EXIT, seen through JVMTI VirtualThreadEnd: a
 * virtual thread posts no ThreadEnd); with "virtual fixed" it unlocks in finally.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        boolean fixed = Arrays.asList(args).contains("fixed");
        if (Arrays.asList(args).contains("virtual")) {
            Thread t = virtualThread("virtual-locked", fixed ? Main::returnSafelyFromVirtual : Main::returnHoldingPool);
            if (t == null) {
                System.out.println("virtual threads: not in this JDK");
                return;
            }
            runAndJoin(t);
            report("pool", Engine.POOL);
            return;
        }
        runAndJoin(new Thread(fixed ? Main::dieSafely : Main::dieHoldingGil, "dies-locked"));
        runAndJoin(new Thread(fixed ? Main::returnSafely : Main::returnHoldingDb, "returns-locked"));
        // a lock held by a dead thread would block lock() forever; tryLock with a timeout tells
        report("gil", Engine.GIL);
        report("db", Engine.DB);
    }

    private static void dieHoldingGil() {
        Engine.GIL.lock(); // @site:threadend-die-acquire
        work();
        Engine.GIL.unlock(); // never reached: work() throws
    }

    private static void returnHoldingDb() {
        Engine.DB.lock(); // @site:threadend-return-acquire
        Engine.DB.lock(); // reentry: the thread ends with a hold count of 2
    }

    private static void dieSafely() {
        Engine.GIL.lock();
        try {
            work();
        } finally {
            Engine.GIL.unlock();
        }
    }

    private static void returnSafely() {
        Engine.DB.lock();
        try {
            Engine.DB.lock();
            Engine.DB.unlock();
        } finally {
            Engine.DB.unlock();
        }
    }

    private static void returnHoldingPool() {
        Engine.POOL.lock(); // @site:threadend-virtual-acquire
    }

    private static void returnSafelyFromVirtual() {
        Engine.POOL.lock();
        try {
            Engine.POOL.getHoldCount();
        } finally {
            Engine.POOL.unlock();
        }
    }

    /** An unstarted virtual thread (JDK 21+; reflection keeps this compiling for 17), or null before 21. */
    private static Thread virtualThread(String name, Runnable body) throws ReflectiveOperationException {
        Object builder;
        try {
            builder = Thread.class.getMethod("ofVirtual").invoke(null);
        } catch (NoSuchMethodException e) {
            return null;
        }
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        builder = ofVirtual.getMethod("name", String.class).invoke(builder, name);
        return (Thread) ofVirtual.getMethod("unstarted", Runnable.class).invoke(builder, body);
    }

    /** Fails, as work inside a locked region sometimes does. */
    private static void work() {
        throw new IllegalStateException("work failed");
    }

    private static void runAndJoin(Thread t) throws InterruptedException {
        // on stdout, so that stderr holds only the agent's lines
        t.setUncaughtExceptionHandler((thread, e) -> System.out.println(thread.getName() + " died: " + e));
        t.start();
        t.join(10_000);
        System.out.println(t.getName() + " ended: " + !t.isAlive());
    }

    private static void report(String name, ReentrantLock lock) throws InterruptedException {
        if (lock.tryLock(1, TimeUnit.SECONDS)) {
            lock.unlock();
            System.out.println(name + " free");
        } else {
            System.out.println(name + " still held");
        }
    }
}
