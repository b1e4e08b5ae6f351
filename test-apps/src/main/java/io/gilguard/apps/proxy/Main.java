package io.gilguard.apps.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

/**
 * Native threads call back into a {@link Proxy} listener whose handler counts without taking the
 * GIL: the counter loses updates. Broken by rule "require gil" (the agent reports
 * REQUIRED_NOT_HELD at the proxy class's onEvent); fixed by rule "acquire gil" (the agent takes
 * the GIL around each callback and the count is exact). Prints the proxy class's name first.
 * Mode "live" (argument or -Dgilguard.apps.proxy.mode): the proxy is made first, and each "fire"
 * line on stdin has a native thread call it once (for a gilguard attached meanwhile).
 */
public final class Main {
    static final int THREADS = 4;
    static final int CALLS = 1000;

    private static int count; // guarded by Engine.GIL; deliberately not atomic

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : System.getProperty("gilguard.apps.proxy.mode", "count");
        InvocationHandler handler = (proxy, method, arguments) -> {
            if (!method.getName().equals("onEvent")) {
                return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                        : method.getName().equals("equals") ? proxy == arguments[0] : "proxy listener";
            }
            int seen = count;
            // a little work between read and write, so that calls without the lock lose updates
            for (int i = 0; i < 100; i++) {
                Thread.onSpinWait();
            }
            count = seen + 1;
            return null;
        };
        Listener listener = (Listener) Proxy.newProxyInstance(Listener.class.getClassLoader(),
                new Class<?>[] {Listener.class}, handler);
        System.out.println("proxy class " + listener.getClass().getName());
        if (mode.equals("live")) {
            live(listener);
            return;
        }
        NativeLib.run(listener, THREADS, CALLS);
        System.out.println("counter=" + count() + " expected=" + THREADS * CALLS);
    }

    private static void live(Listener listener) throws IOException {
        System.out.println("proxy-app: ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int fired = 0;
        for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
            if (line.equals("fire")) {
                NativeLib.run(listener, 1, 1);
                System.out.println("proxy-app: fired " + ++fired);
            }
        }
    }

    /** Reads the count under the lock, which also makes the callbacks' writes visible. */
    private static int count() {
        Engine.GIL.lock();
        try {
            return count;
        } finally {
            Engine.GIL.unlock();
        }
    }
}
