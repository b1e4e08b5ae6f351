package io.gilguard.instrument.advice;

/** Methods of the shapes advice goes into: woven by {@link AdviceWeaverTest}, loaded (verified) and run. */
public class WeaverSubject {
    private final Object lock = new Object();

    public int plain(int x) {
        return x + 1;
    }

    public static long wide(long a, double d) {
        long sum = a;
        for (int i = 0; i < 3; i++) {
            sum += (long) d;
        }
        return sum;
    }

    public String branches(String s) {
        if (s == null) {
            return "none";
        }
        try {
            return Integer.toString(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return "bad";
        } finally {
            s = null;
        }
    }

    public void throwing(boolean fail) {
        if (fail) {
            throw new IllegalStateException("asked to");
        }
    }

    public synchronized void locked() {
        synchronized (lock) {
            plain(1);
        }
    }

    public double loop(double[] values) {
        double total = 0;
        for (double v : values) {
            if (v < 0) {
                continue;
            }
            total += v;
        }
        return total;
    }
}
