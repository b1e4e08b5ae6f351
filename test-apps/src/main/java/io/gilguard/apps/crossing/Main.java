package io.gilguard.apps.crossing;

import java.util.concurrent.TimeUnit;

/**
 * RocksDB's listener shape: native threads call a private proxy that calls the public callback,
 * and a glob rule matches both. "count" (the default): 4 native threads call back 1000 times
 * each without the GIL. "leak": one callback takes the GIL and returns holding it ("leak fixed"
 * gives it back). "relay": each flush callback makes a native call that calls back a compaction
 * callback on the same thread (a new crossing); "direct": it calls the compaction callback from
 * Java (the same crossing).
 */
public final class Main {
    static final int THREADS = 4;
    static final int CALLS = 1000;
    static final int RELAYS = 10;

    public static void main(String[] args) throws InterruptedException {
        String mode = args.length > 0 ? args[0] : "count";
        switch (mode) {
            case "leak": {
                boolean fixed = args.length > 1 && args[1].equals("fixed");
                NativeLib.run(fixed ? new Releasing() : new Leaky(), 1, 1);
                // a leaked lock would block lock() forever; tryLock with a timeout reports it instead
                if (Engine.GIL.tryLock(1, TimeUnit.SECONDS)) {
                    Engine.GIL.unlock();
                    System.out.println("gil free");
                } else {
                    System.out.println("gil still held");
                }
                break;
            }
            case "relay":
            case "direct": {
                Relay relay = new Relay(mode.equals("direct"));
                NativeLib.run(relay, 1, RELAYS);
                System.out.println(mode + ": flushes=" + relay.flushes + " compactions=" + relay.compactions
                        + " gil " + (Engine.GIL.isLocked() ? "held" : "free"));
                break;
            }
            default: {
                Counting counting = new Counting();
                NativeLib.run(counting, THREADS, CALLS);
                System.out.println("counter=" + counting.count() + " expected=" + THREADS * CALLS);
            }
        }
    }
}
