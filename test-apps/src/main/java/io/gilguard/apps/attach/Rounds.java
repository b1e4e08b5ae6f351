package io.gilguard.apps.attach;

/**
 * One round of the loop: each mistake next to its correct twin. Each step is a method of its
 * own, so that the code the loop calls after an attach is the new code (a running method keeps
 * its old code until it returns).
 */
final class Rounds {
    private static final Ticks TICKS = new Ticks();
    /** Wrong states the application itself noticed. */
    static int errors;
    private static Boolean releasedDuringCrunch;

    private Rounds() {
    }

    static void once(int round) {
        brokenPairing();
        correctPairing();
        brokenDowncall();
        correctDowncall();
        brokenUpcall();
        correctUpcall();
        releaseAround(round);
        int shapes = Shapes.all(round);
        if (shapes != Shapes.EXPECTED) {
            errors++;
            System.out.println("attach-app: round " + round + ": shapes gave " + shapes + ", expected " + Shapes.EXPECTED);
        }
    }

    /** An unlock without its lock. */
    static void brokenPairing() {
        try {
            Engine.GIL.unlock(); // @site:attach-unpaired
        } catch (IllegalMonitorStateException expected) {
            // the lock refuses it as well
        }
    }

    static void correctPairing() {
        Engine.GIL.lock();
        try {
            Engine.state++;
        } finally {
            Engine.GIL.unlock();
        }
    }

    /** A native call made holding the GIL, which the rules forbid. */
    static void brokenDowncall() {
        Engine.GIL.lock(); // @site:attach-held
        try {
            NativeLib.poll(1);
        } finally {
            Engine.GIL.unlock();
        }
    }

    static void correctDowncall() {
        NativeLib.poll(2);
    }

    /** A callback that runs without the GIL it requires. */
    static void brokenUpcall() {
        NativeLib.fire(TICKS);
    }

    static void correctUpcall() {
        Engine.GIL.lock();
        try {
            NativeLib.fire(TICKS);
        } finally {
            Engine.GIL.unlock();
        }
    }

    /**
     * Long native work under the GIL, which throws every other round: a release policy lets the
     * GIL go around it and must take it back, also when it throws.
     */
    static void releaseAround(int round) {
        Engine.GIL.lock();
        try {
            try {
                NativeLib.crunch(round);
            } catch (IllegalStateException expected) {
                // odd rounds
            }
            if (Engine.GIL.getHoldCount() != 1) {
                errors++;
                System.out.println("attach-app: round " + round + ": hold count " + Engine.GIL.getHoldCount()
                        + " after crunch, expected 1");
            }
            boolean released = !Engine.heldDuringCrunch;
            if (releasedDuringCrunch == null || releasedDuringCrunch != released) {
                releasedDuringCrunch = released;
                System.out.println(released ? "attach-app: crunch runs with the gil released"
                        : "attach-app: crunch runs holding the gil");
            }
        } finally {
            if (Engine.GIL.isHeldByCurrentThread()) {
                Engine.GIL.unlock();
            }
        }
    }
}
