package io.gilguard.apps.context;

/**
 * One context handed from thread to thread. Fixed (argument "fixed"): render-a makes it current,
 * draws, releases; then render-b does the same: nothing to report. Broken (no argument): render-a
 * makes it current, draws and keeps it; render-b draws without making it current (nothing is
 * drawn) and then releases it, which only render-a may do: two FOREIGN_STATE.
 */
public final class Main {
    public static void main(String[] args) throws InterruptedException {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        GlContext ctx = new GlContext();
        run("render-a", () -> renderA(ctx, fixed));
        run("render-b", () -> renderB(ctx, fixed));
        System.out.println("draws that drew: " + ctx.draws());
    }

    private static void renderA(GlContext ctx, boolean fixed) {
        ctx.makeCurrent(); // @site:ctx-bind-a
        report("render-a", ctx.draw());
        if (fixed) {
            ctx.release();
        }
    }

    private static void renderB(GlContext ctx, boolean fixed) {
        if (fixed) {
            ctx.makeCurrent();
            report("render-b", ctx.draw());
            ctx.release();
        } else {
            report("render-b", ctx.draw()); // @site:ctx-draw-b
            ctx.release(); // @site:ctx-release-b
        }
    }

    private static void report(String thread, long draws) {
        System.out.println(thread + ": draw=" + draws);
    }

    /** Runs on a thread of that name and waits for it; a refusal under enforce is printed. */
    private static void run(String name, Runnable body) throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Error e) {
                System.out.println(name + ": refused: " + e.getMessage());
            }
        }, name);
        t.start();
        t.join(10_000);
        if (t.isAlive()) {
            System.out.println(name + " still running after 10 s");
            System.exit(1);
        }
    }
}
