package io.gilguard.apps.ffm;

/** Upcall targets of every shape: a static method, one bound to an argument, an instance method, lambdas. */
final class Ticks {
    static int calls; // guarded by Engine.GIL
    static int held;

    private Ticks() {
    }

    /** Called through findStatic. */
    static void staticTick(int n) {
        count(); // @site:static-tick
    }

    /** Called through insertArguments(findStatic(...), 0, "bound"). */
    static void boundTick(String label, int n) {
        count(); // @site:bound-tick
    }

    /** Called through findVirtual(...).bindTo(new Counter()). */
    static final class Counter implements Tick {
        @Override
        public void onTick(int n) {
            count(); // @site:instance-tick
        }
    }

    /** Called through findVirtual(Tick.class, "onTick").bindTo(lambda). */
    static Tick lambda() {
        return n -> {
            count(); // @site:lambda-tick
        };
    }

    /** Called back inside a downcall: counts itself in {@link #held} when its thread holds the GIL. */
    static void heldTick(int n) {
        count();
    }

    /** Called back inside a downcall, takes the GIL and returns with it: the downcall returns holding it. */
    static void keepTick(int n) {
        Engine.GIL.lock(); // @site:keep-acquire
    }

    /** Takes the GIL and keeps it: an Ensure without its Release. */
    static Tick leaking() {
        return n -> {
            calls++; // @site:leak-body
            Engine.GIL.lock(); // @site:leak-acquire
        };
    }

    /** Takes the GIL and gives it back. */
    static Tick releasing() {
        return n -> {
            Engine.GIL.lock();
            try {
                calls++;
            } finally {
                Engine.GIL.unlock();
            }
        };
    }

    private static void count() {
        calls++;
        if (Engine.GIL.isHeldByCurrentThread()) {
            held++;
        }
    }
}
