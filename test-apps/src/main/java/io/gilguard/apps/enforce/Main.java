package io.gilguard.apps.enforce;

/**
 * Every lock violation that has a violating call, once each, on purpose, and one found only
 * after its call. Each case prints what happened to the call: "ok", or the throwable it ended
 * with. Under mode=enforce gilguard's error stops the call before it runs; the native counts
 * printed after show that it never reached the native side.
 */
public final class Main {
    public static void main(String[] args) throws InterruptedException {
        attempt("unpaired pair release", Main::unpairedPairRelease);
        System.out.println("native releases: " + Py.releases());

        Py.ensure(); // @site:enf-pair-ensure
        onThread("worker-b", () -> attempt("foreign pair release", Main::foreignPairRelease));
        System.out.println("pair depth: " + Py.depth());
        Py.release();

        attempt("unpaired unlock", Main::unpairedUnlock);

        Engine.GIL.lock(); // @site:enf-lock-main
        onThread("worker-c", () -> attempt("foreign unlock", Main::foreignUnlock));
        System.out.println("gil held by main: " + Engine.GIL.isHeldByCurrentThread());
        attempt("forbidden native call", NativeLib::compute);
        System.out.println("native computes: " + NativeLib.calls());
        Engine.GIL.unlock();

        attempt("required callback", () -> new Callback().onEvent());
        System.out.println("callback runs: " + Callback.runs);

        attempt("leaking callback", () -> new Leaky().onEvent());
        System.out.println("gil held after leaking callback: " + Engine.GIL.isHeldByCurrentThread());
        Engine.GIL.unlock();

        attempt("unpaired unlock of an audit lock", Main::unpairedUnlockOfOther);
    }

    private static void unpairedPairRelease() {
        Py.release(); // @site:enf-unpaired-pair
    }

    private static void foreignPairRelease() {
        Py.release(); // @site:enf-foreign-pair
    }

    private static void unpairedUnlock() {
        Engine.GIL.unlock(); // @site:enf-unpaired-unlock
    }

    private static void foreignUnlock() {
        Engine.GIL.unlock(); // @site:enf-foreign-unlock
    }

    private static void unpairedUnlockOfOther() {
        Engine.OTHER.unlock(); // @site:enf-other-unlock
    }

    private static void attempt(String what, Runnable call) {
        try {
            call.run();
            System.out.println(what + ": ok");
        } catch (Throwable t) {
            System.out.println(what + ": " + t.getClass().getName() + ": " + t.getMessage());
        }
    }

    private static void onThread(String name, Runnable body) throws InterruptedException {
        Thread t = new Thread(body, name);
        t.start();
        t.join(10_000);
        if (t.isAlive()) {
            System.out.println(name + " still running after 10 s");
            System.exit(1);
        }
    }
}
