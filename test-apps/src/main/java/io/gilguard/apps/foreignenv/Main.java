package io.gilguard.apps.foreignenv;

/**
 * A native library keeps main's JNIEnv and uses it on its own attached thread, env-user, and in
 * a native method called by the Java thread env-borrower: the JVM would enter and exit the
 * monitor on behalf of main (the agent reports FOREIGN_STATE state=JNIEnv for MonitorEnter and
 * MonitorExit, for env-borrower at the native method, and makes the calls with the thread's
 * own env). Broken: no argument; fixed (argument "fixed"): each thread uses its own env.
 * Without gilguard, HotSpot runs the broken calls as main, from another OS thread, while main
 * waits: undefined behaviour that happens to pass on 17 and 25 (-Xcheck:jni aborts).
 */
public final class Main {
    public static void main(String[] args) throws InterruptedException {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        NativeLib.init();
        Session session = new Session();
        // with main's env, HotSpot enters the monitor for main, not for env-user
        boolean heldByUser = NativeLib.work(session, fixed);
        System.out.println("env-user held session: " + heldByUser);
        System.out.println("env-user done; main holds session: " + Thread.holdsLock(session));

        Thread borrower = new Thread(() -> {
            boolean held = NativeLib.enterExitHere(session, fixed);
            System.out.println("env-borrower held session: " + held);
        }, "env-borrower");
        borrower.start();
        borrower.join(10_000);
        System.out.println("env-borrower ended: " + !borrower.isAlive());
    }
}
