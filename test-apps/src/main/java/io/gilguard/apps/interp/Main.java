package io.gilguard.apps.interp;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An interpreter created on one thread and used from a pool thread. Broken (no argument): main
 * creates it, and a task on the pool evaluates with main's interpreter (FOREIGN_STATE; the
 * evaluation silently does not happen). Fixed (argument "fixed"): each pool thread creates its own.
 */
public final class Main {
    private static final ThreadLocal<Interpreter> PER_THREAD = ThreadLocal.withInitial(Interpreter::new);

    public static void main(String[] args) throws Exception {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        Interpreter interp = new Interpreter(); // @site:interp-create
        System.out.println("main: eval=" + interp.eval("1 + 1"));
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "pool-worker"));
        try {
            Future<Long> result = pool.submit(() -> fixed ? useOwn() : useShared(interp));
            System.out.println("pool-worker: eval=" + result.get(10, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            System.out.println("pool-worker: refused: " + e.getCause().getMessage());
        } finally {
            pool.shutdown();
        }
        System.out.println("main's interpreter ran " + interp.evaluations() + " evaluation(s)");
    }

    private static long useShared(Interpreter interp) {
        return interp.eval("2 + 2"); // @site:interp-foreign-use
    }

    private static long useOwn() {
        return PER_THREAD.get().eval("2 + 2");
    }
}
