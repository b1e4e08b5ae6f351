package io.gilguard.apps.callback;

/**
 * Native threads call back into Java without taking the GIL: the counter loses updates.
 * Broken by rule "require gil" (the agent reports REQUIRED_NOT_HELD); fixed by rule
 * "acquire gil" (the agent takes the GIL around each callback and the count is exact).
 */
public final class Main {
    static final int THREADS = 4;
    static final int CALLS = 1000;

    public static void main(String[] args) {
        Counter counter = new Counter();
        NativeLib.run(counter, THREADS, CALLS);
        System.out.println("counter=" + counter.count() + " expected=" + THREADS * CALLS);
    }
}
