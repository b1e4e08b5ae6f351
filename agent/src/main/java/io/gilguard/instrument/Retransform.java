package io.gilguard.instrument;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Retransforms classes in batches (one JVM safepoint each), and when a batch fails, class by
 * class, so that each failure names its class and the others still go through.
 */
public final class Retransform {
    private static final int BATCH = 64;

    private Retransform() {}

    /** Returns the classes the JVM accepted; each refusal is one line to {@code errors}. */
    public static List<Class<?>> classes(Instrumentation instrumentation, Collection<Class<?>> classes, String what,
                                  Consumer<String> errors) {
        List<Class<?>> done = new ArrayList<>();
        List<Class<?>> all = new ArrayList<>(classes);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<Class<?>> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            try {
                instrumentation.retransformClasses(batch.toArray(new Class<?>[0]));
                done.addAll(batch);
            } catch (Throwable batchFailed) {
                for (Class<?> c : batch) {
                    try {
                        instrumentation.retransformClasses(c);
                        done.add(c);
                    } catch (Throwable t) {
                        errors.accept("cannot " + what + " " + c.getName() + ": " + t);
                    }
                }
            }
        }
        return done;
    }
}
