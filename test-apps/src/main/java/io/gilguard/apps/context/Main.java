package io.gilguard.apps.context;

import java.util.function.LongSupplier;

/**
 * One context handed from thread to thread. Fixed (argument "fixed"): render-a, render-b and
 * render-c each make it current, draw and release it, in turn: nothing to report. Broken (no
 * argument), four FOREIGN_STATE:
 * <ol>
 * <li>render-a makes it current, draws, and keeps it;</li>
 * <li>render-b draws on it (nothing is drawn) and releases it, which only render-a may do;</li>
 * <li>render-c draws while no thread has it current, then makes it current;</li>
 * <li>render-d makes it current while render-c has it.</li>
 * </ol>
 * Each call prints its result, or the error it ended with (a refusal under enforce).
 */
public final class Main {
    public static void main(String[] args) throws InterruptedException {
        boolean fixed = args.length > 0 && args[0].equals("fixed");
        GlContext ctx = new GlContext();
        if (fixed) {
            for (String name : new String[] {"render-a", "render-b", "render-c"}) {
                run(name, () -> {
                    call("makeCurrent", ctx::makeCurrent);
                    call("draw", ctx::draw);
                    call("release", ctx::release);
                });
            }
        } else {
            run("render-a", () -> {
                call("makeCurrent", () -> bindA(ctx));
                call("draw", ctx::draw);
            });
            run("render-b", () -> {
                call("draw", () -> drawB(ctx));
                call("release", () -> releaseB(ctx));
            });
            run("render-c", () -> {
                call("draw", () -> drawC(ctx));
                call("makeCurrent", () -> bindC(ctx));
            });
            run("render-d", () -> call("makeCurrent", () -> bindD(ctx)));
        }
        System.out.println("draws that drew: " + ctx.draws());
    }

    private static void bindA(GlContext ctx) {
        ctx.makeCurrent(); // @site:ctx-bind-a
    }

    private static long drawB(GlContext ctx) {
        return ctx.draw(); // @site:ctx-draw-b
    }

    private static void releaseB(GlContext ctx) {
        ctx.release(); // @site:ctx-release-b
    }

    private static long drawC(GlContext ctx) {
        return ctx.draw(); // @site:ctx-draw-c
    }

    private static void bindC(GlContext ctx) {
        ctx.makeCurrent(); // @site:ctx-bind-c
    }

    private static void bindD(GlContext ctx) {
        ctx.makeCurrent(); // @site:ctx-bind-d
    }

    private static void call(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return 0;
        });
    }

    /** Prints "THREAD WHAT: RESULT", or the error the call ended with. */
    private static void call(String what, LongSupplier call) {
        String thread = Thread.currentThread().getName();
        try {
            long result = call.getAsLong();
            System.out.println(thread + " " + what + (what.equals("draw") ? ": " + result : ": ok"));
        } catch (Error e) {
            System.out.println(thread + " " + what + ": refused: " + e.getMessage());
        }
    }

    /** Runs on a thread of that name and waits for it. */
    private static void run(String name, Runnable body) throws InterruptedException {
        Thread t = new Thread(body, name);
        t.start();
        t.join(10_000);
        if (t.isAlive()) {
            System.out.println(name + " still running after 10 s");
            System.exit(1);
        }
    }
}
