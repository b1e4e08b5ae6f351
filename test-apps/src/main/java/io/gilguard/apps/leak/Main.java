package io.gilguard.apps.leak;

import java.util.concurrent.TimeUnit;

/**
 * A callback from a native thread takes the GIL and never releases it; the thread then
 * ends and the lock stays held forever. Broken: no argument (the agent reports
 * LEAKED_AT_RETURN); fixed: argument "fixed" (the callback unlocks in finally).
 */
public final class Main {
    public static void main(String[] args) throws InterruptedException {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        NativeLib.fire(fixed ? new SafeListener() : new LeakyListener());
        // a leaked lock would block lock() forever; tryLock with a timeout reports it instead
        if (Engine.GIL.tryLock(1, TimeUnit.SECONDS)) {
            Engine.GIL.unlock();
            System.out.println("gil free");
        } else {
            System.out.println("gil still held");
        }
    }
}
