package io.gilguard.apps.foreignenv;

/**
 * A native library keeps main's JNIEnv and uses it on its own attached thread, env-user: the
 * JVM would enter and exit the monitor on behalf of main (the agent reports FOREIGN_STATE
 * state=JNIEnv for MonitorEnter and MonitorExit, and makes the calls with env-user's own env).
 * Broken: no argument; fixed (argument "fixed"): env-user uses the env its attach gave it.
 */
public final class Main {
    public static void main(String[] args) {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        NativeLib.init();
        Session session = new Session();
        // with main's env, HotSpot enters the monitor for main, not for env-user
        boolean heldByUser = NativeLib.work(session, fixed);
        System.out.println("env-user held session: " + heldByUser);
        System.out.println("env-user done; main holds session: " + Thread.holdsLock(session));
    }
}
