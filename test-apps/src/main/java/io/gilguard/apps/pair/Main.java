package io.gilguard.apps.pair;

/**
 * Misuse of a method-pair lock that the native side accepts without a word. Broken (no
 * argument): a release without an ensure (UNPAIRED_RELEASE), and a release on worker-b of
 * what worker-a ensured (FOREIGN_RELEASE). Fixed (argument "fixed"): every thread pairs
 * its own calls.
 */
public final class Main {
    public static void main(String[] args) throws InterruptedException {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        if (fixed) {
            int depth = Py.ensure();
            depth = Py.ensure(); // reentrant
            System.out.println("nested ensure: depth=" + depth);
            Py.release();
            depth = Py.release();
            System.out.println("paired release: depth=" + depth);
            runAndJoin(new Thread(Main::ensureAndRelease, "worker-a"));
            runAndJoin(new Thread(Main::ensureAndRelease, "worker-b"));
        } else {
            unpairedRelease();
            runAndJoin(new Thread(Main::workerA, "worker-a"));
            runAndJoin(new Thread(Main::workerB, "worker-b"));
        }
    }

    private static void unpairedRelease() {
        int depth = Py.release(); // @site:pair-unpaired-release
        System.out.println("release without ensure: native returned " + depth);
    }

    private static void workerA() {
        int depth = Py.ensure(); // @site:pair-foreign-acquire
        System.out.println("worker-a ensure: depth=" + depth);
    }

    private static void workerB() {
        int depth = Py.release(); // @site:pair-foreign-release
        System.out.println("worker-b release: depth=" + depth);
    }

    private static void ensureAndRelease() {
        Py.ensure();
        int depth = Py.release();
        System.out.println(Thread.currentThread().getName() + " ensure+release: depth=" + depth);
    }

    private static void runAndJoin(Thread t) throws InterruptedException {
        t.start();
        t.join(10_000);
        if (t.isAlive()) {
            System.out.println(t.getName() + " still running after 10 s");
            System.exit(0);
        }
    }
}
