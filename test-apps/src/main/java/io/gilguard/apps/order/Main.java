package io.gilguard.apps.order;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Two locks, a {@code ReentrantLock} and a monitor, taken by two threads, one after the other so
 * that no deadlock can happen in the run. Broken (no argument): "first" takes a then b, "second"
 * b then a: a lock-order inversion, which would deadlock if the threads overlapped. "gate": the
 * same two orders, each inside the gate lock, which serialises them: no deadlock possible.
 * "fixed": both threads take a then b. Under {@code enforce} the broken twin's second thread is
 * refused a, before it waits for it, and lets b go. "scale": 10,000 nodes of a monitor family and
 * 100 threads at once, each taking every two neighbouring nodes in index order and a inside: one
 * order everywhere, however many objects.
 */
public final class Main {
    static final ReentrantLock A = new ReentrantLock();
    static final Object B = new Object();
    static final Object GATE = new Object();
    static int work; // guarded by a and b

    public static void main(String[] args) throws InterruptedException {
        String variant = args.length > 0 ? args[0] : "broken";
        switch (variant) {
            case "gate":
                runAndJoin("first", () -> gated(Main::aThenB));
                runAndJoin("second", () -> gated(Main::bThenA));
                break;
            case "scale":
                scale();
                return;
            case "fixed":
                runAndJoin("first", Main::aThenB);
                runAndJoin("second", Main::aThenBAgain);
                break;
            default:
                runAndJoin("first", Main::aThenB);
                runAndJoin("second", Main::bThenA);
        }
        System.out.println("work=" + work);
    }

    private static void aThenB() {
        A.lock(); // @site:order-first-a
        try {
            synchronized (B) { // @site:order-first-b
                work++;
            }
        } finally {
            A.unlock();
        }
    }

    private static void aThenBAgain() {
        A.lock();
        try {
            synchronized (B) {
                work++;
            }
        } finally {
            A.unlock();
        }
    }

    private static void bThenA() {
        synchronized (B) { // @site:order-second-b
            try {
                A.lock(); // @site:order-second-a
                try {
                    work++;
                } finally {
                    A.unlock();
                }
            } catch (Error e) {
                // only gilguard's refusal under enforce lands here
                System.out.println("second: " + e.getClass().getSimpleName() + " taking a while holding b");
            }
        }
    }

    private static void scale() throws InterruptedException {
        Node[] nodes = new Node[10_000];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = new Node();
        }
        Thread[] threads = new Thread[100];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i + 1 < nodes.length; i++) {
                    synchronized (nodes[i]) {
                        synchronized (nodes[i + 1]) {
                            A.lock();
                            try {
                                work++;
                            } finally {
                                A.unlock();
                            }
                        }
                    }
                }
            }, "scale-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("scale: work=" + work);
    }

    private static void gated(Runnable body) {
        synchronized (GATE) {
            body.run();
        }
    }

    private static void runAndJoin(String name, Runnable body) throws InterruptedException {
        Thread t = new Thread(body, name);
        t.start();
        t.join();
    }
}
