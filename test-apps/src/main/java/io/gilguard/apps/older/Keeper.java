package io.gilguard.apps.older;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread "keeper": told "hold", it takes the three kinds of lock (the pair, a ReentrantLock, a
 * monitor) and keeps them until told "release"; told "unlock", it unlocks the ReentrantLock it
 * does not hold. A hold taken before an attach and given back after it is one gilguard never saw
 * taken.
 */
final class Keeper {
    static final ReentrantLock CONFIG = new ReentrantLock();
    static final Object TABLE = new Object();
    private static final SynchronousQueue<String> COMMANDS = new SynchronousQueue<>();

    private Keeper() {
    }

    static void tell(String command) throws InterruptedException {
        COMMANDS.put(command);
    }

    static void serve() {
        try {
            while (true) {
                String command = COMMANDS.take();
                if (command.equals("hold")) {
                    holdAll();
                } else if (command.equals("unlock")) {
                    strayUnlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each call is a new frame: one begun before an attach runs to its end in the code it began with. */
    private static void holdAll() throws InterruptedException {
        Interp.enter();
        CONFIG.lock();
        synchronized (TABLE) {
            System.out.println("older-app: keeper holds");
            while (!COMMANDS.take().equals("release")) {
                // only "release" ends the hold
            }
        }
        CONFIG.unlock();
        Interp.exit();
        System.out.println("older-app: keeper let go");
    }

    private static void strayUnlock() {
        try {
            CONFIG.unlock(); // @site:older-stray-unlock
        } catch (IllegalMonitorStateException e) {
            System.out.println("older-app: keeper: IllegalMonitorStateException");
        }
    }
}
