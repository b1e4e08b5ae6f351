package io.gilguard.apps.completeexit;

/**
 * A native thread enters two JNI monitors (an Account and the Registry class) and detaches
 * without exiting them; the JVM releases them at the detach, after the thread's end is
 * posted, without a word (the agent reports HELD_AT_THREAD_EXIT for each, oldest first).
 * Fixed (argument "fixed"): the thread exits both before detaching.
 */
public final class Main {
    public static void main(String[] args) throws InterruptedException {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        Account account = new Account();
        NativeLib.enterTwoAndDetach(account, Registry.class, fixed);
        // either way the monitors are free now: the detach released them
        System.out.println("monitors free after detach: " + free(account));
    }

    /** Whether another thread can enter both monitors within 5 s (it would block forever if not). */
    private static boolean free(Account account) throws InterruptedException {
        Thread t = new Thread(() -> {
            synchronized (account) {
                synchronized (Registry.class) {
                    account.hashCode();
                }
            }
        }, "checker");
        t.setDaemon(true); // if it blocks, the JVM must still exit
        t.start();
        t.join(5_000);
        return !t.isAlive();
    }
}
