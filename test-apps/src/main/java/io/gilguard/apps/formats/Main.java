package io.gilguard.apps.formats;

import java.util.concurrent.locks.ReentrantLock;

/**
 * For the report files (ReportFormatsTest): a thread whose name holds everything an XML or JSON
 * writer must escape releases a lock it does not hold (UNPAIRED_RELEASE), so that the JUnit XML
 * and the SARIF file name that thread. Fixed (argument "fixed"): it takes the lock first.
 */
public final class Main {
    static final ReentrantLock GIL = new ReentrantLock();
    /**
     * Markup, both quotes, the end of a CDATA section, a tab, a control character XML 1.0 cannot
     * carry at all, and characters beyond ASCII (one of them outside the BMP).
     */
    static final String THREAD = "odd <&\"']]>\t\u0001\u00e9\uD83D\uDE00 worker";

    public static void main(String[] args) throws InterruptedException {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        Thread t = new Thread(() -> release(fixed), THREAD);
        t.start();
        t.join();
    }

    private static void release(boolean fixed) {
        if (fixed) {
            GIL.lock();
        }
        try {
            GIL.unlock(); // @site:formats-unlock
            System.out.println("unlocked");
        } catch (IllegalMonitorStateException e) {
            System.out.println("unlock without lock refused");
        }
    }
}
