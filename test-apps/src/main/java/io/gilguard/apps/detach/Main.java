package io.gilguard.apps.detach;

import java.util.concurrent.TimeUnit;

/**
 * A native thread calls back into Java, the callback takes the GIL and returns holding it, and
 * the thread detaches: the GIL stays held forever by a thread that is gone (the agent reports
 * HELD_AT_THREAD_EXIT). First argument "attach" (one attach, one call) or "percall" (attach,
 * call, detach, three times, as JNA does); second argument "fixed": the callbacks unlock in
 * finally.
 */
public final class Main {
    static final int CALLS = 3;

    public static void main(String[] args) throws InterruptedException {
        boolean perCall = args.length > 0 && args[0].equals("percall");
        boolean fixed = args.length > 1 && args[1].equals("fixed");
        Listener listener = fixed ? new SafeListener() : new LeakyListener();
        if (perCall) {
            NativeLib.firePerCall(listener, CALLS);
        } else {
            NativeLib.fire(listener);
        }
        System.out.println(listener.seen());
        // a leaked lock would block lock() forever; tryLock with a timeout tells instead
        if (Engine.GIL.tryLock(1, TimeUnit.SECONDS)) {
            Engine.GIL.unlock();
            System.out.println("gil free");
        } else {
            System.out.println("gil still held");
        }
    }
}
