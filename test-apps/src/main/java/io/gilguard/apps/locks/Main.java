package io.gilguard.apps.locks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every way a tracked lock is taken and given back: lock, tryLock (with and without a timeout,
 * failed and successful), lockInterruptibly, reentry, Condition.await (which lets the lock go and
 * takes it back), synchronized on a named monitor, and a virtual thread (JDK 21+). The four
 * check methods carry require/forbid rules, so the ledger is asserted after each step: a wrong
 * count shows as a report. The broken variant adds one unpaired unlock and one check from a
 * virtual thread that does not hold the lock; with "fixed" both are left out.
 */
public final class Main {
    static final ReentrantLock GIL = new ReentrantLock();
    static final Object MON = new Object();
    static final Condition READY = GIL.newCondition();
    static boolean ready; // guarded by GIL

    static void mustHoldGil() {
        step++; // @site:locks-must-hold
    }

    static void mustNotHoldGil() {
        step++;
    }

    static void mustHoldMon() {
        step++;
    }

    static void mustNotHoldMon() {
        step++;
    }

    static volatile int step;

    public static void main(String[] args) throws Exception {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        plainAndReentrant();
        tryLocks();
        interruptibly();
        await();
        monitor();
        if (!fixed) {
            try {
                GIL.unlock(); // @site:locks-unpaired
            } catch (IllegalMonitorStateException expected) {
                System.out.println("unlock without lock: IllegalMonitorStateException");
            }
        }
        virtualThread(fixed);
        System.out.println("steps=" + step);
    }

    private static void plainAndReentrant() {
        GIL.lock();
        GIL.lock();
        GIL.unlock();
        mustHoldGil();
        GIL.unlock();
        mustNotHoldGil();
    }

    private static void tryLocks() throws Exception {
        if (GIL.tryLock()) {
            mustHoldGil();
            GIL.unlock();
        }
        if (GIL.tryLock(1, TimeUnit.SECONDS)) {
            mustHoldGil();
            GIL.unlock();
        }
        mustNotHoldGil();
        // A failed tryLock takes nothing: another thread holds the lock meanwhile.
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            GIL.lock();
            try {
                taken.countDown();
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                GIL.unlock();
            }
        }, "holder");
        holder.start();
        taken.await(10, TimeUnit.SECONDS);
        boolean got = GIL.tryLock() || GIL.tryLock(10, TimeUnit.MILLISECONDS);
        System.out.println("tryLock while another thread holds it: " + got);
        mustNotHoldGil();
        done.countDown();
        holder.join(10_000);
    }

    private static void interruptibly() throws InterruptedException {
        GIL.lockInterruptibly();
        mustHoldGil();
        GIL.unlock();
        mustNotHoldGil();
    }

    /** The waiter lets the lock go inside await; the signaller takes it meanwhile. */
    private static void await() throws InterruptedException {
        Thread waiter = new Thread(() -> {
            GIL.lock();
            try {
                while (!ready) {
                    READY.await(10, TimeUnit.SECONDS);
                }
                mustHoldGil();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                GIL.unlock();
            }
            mustNotHoldGil();
        }, "waiter");
        waiter.start();
        Thread.sleep(50);
        GIL.lock();
        try {
            mustHoldGil();
            ready = true;
            READY.signalAll();
        } finally {
            GIL.unlock();
        }
        waiter.join(10_000);
        System.out.println("await: waiter woke " + !waiter.isAlive());
    }

    private static void monitor() {
        synchronized (MON) {
            synchronized (MON) {
                mustHoldMon();
            }
            mustHoldMon();
        }
        mustNotHoldMon();
    }

    /** Virtual threads have ledgers too (JDK 21+; reflection keeps this compiling for 17). */
    private static void virtualThread(boolean fixed) throws Exception {
        Runnable body = () -> {
            GIL.lock();
            try {
                mustHoldGil();
            } finally {
                GIL.unlock();
            }
            if (!fixed) {
                mustHoldGil(); // a virtual thread that does not hold the lock: REQUIRED_NOT_HELD
            }
        };
        Thread t;
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            builder = ofVirtual.getMethod("name", String.class).invoke(builder, "virtual-1");
            t = (Thread) ofVirtual.getMethod("unstarted", Runnable.class).invoke(builder, body);
        } catch (NoSuchMethodException e) {
            System.out.println("virtual threads: not in this JDK");
            return;
        }
        t.start();
        t.join(10_000);
        System.out.println("virtual thread ran");
    }
}
