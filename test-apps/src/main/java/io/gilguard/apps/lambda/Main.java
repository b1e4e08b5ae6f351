package io.gilguard.apps.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Callbacks written as lambdas, called from native threads. "count" (the default): a lambda
 * counts without the GIL, and the count loses updates unless a rule takes the GIL around it.
 * "leak": a lambda takes the GIL and returns holding it; "leak fixed" gives it back.
 * "reference": a method reference as the callback. "live": the lambda is made first, and each
 * "fire" line on stdin has a native thread call it once (for a gilguard attached meanwhile).
 */
public final class Main {
    static final int THREADS = 4;
    static final int CALLS = 1000;

    public static void main(String[] args) throws InterruptedException, IOException {
        String mode = args.length > 0 ? args[0] : System.getProperty("gilguard.apps.lambda.mode", "count");
        switch (mode) {
            case "leak":
                boolean fixed = args.length > 1 && args[1].equals("fixed");
                NativeLib.run(fixed ? Leaky.releasing() : Leaky.leaking(), 1, 1);
                // a leaked lock would block lock() forever; tryLock with a timeout reports it instead
                if (Engine.GIL.tryLock(1, TimeUnit.SECONDS)) {
                    Engine.GIL.unlock();
                    System.out.println("gil free");
                } else {
                    System.out.println("gil still held");
                }
                break;
            case "live":
                live();
                break;
            case "reference":
                NativeLib.run(Handlers.reference(), 1, 10);
                Ticks ticks = new Ticks();
                NativeLib.run(Handlers.bound(ticks), 1, 10);
                System.out.println("reference called, ticks=" + ticks.count);
                break;
            default:
                NativeLib.run(Counting.listener(), THREADS, CALLS);
                System.out.println("counter=" + Counting.count() + " expected=" + THREADS * CALLS);
        }
    }

    private static void live() throws IOException {
        Listener listener = Counting.listener();
        Listener reference = Handlers.reference();
        System.out.println("lambda-app: ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int fired = 0;
        for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
            if (line.equals("fire")) {
                NativeLib.run(listener, 1, 1);
                NativeLib.run(reference, 1, 1);
                System.out.println("lambda-app: fired " + ++fired);
            }
        }
    }
}
