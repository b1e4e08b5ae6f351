package io.gilguard.instrument.advice;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;

/** The advice a seam puts on a method, with its numbers bound. */
public final class Advices {
    /**
     * The advice classes' own class files, read once: each advised method has an advice of its
     * own (its numbers bound), which reads its class's code to inline it, and reading it from
     * gilguard's jar each time was a good part of instrumenting a class with many natives.
     */
    private static final ClassFileLocator ADVICE_CLASSES = new AdviceClasses();

    private Advices() {}

    /**
     * Around a boundary method: the plain advice, the upcall's (no JNI monitor mark), or the one
     * that throws where a policy is {@code enforced}.
     */
    public static Advice boundary(int id, boolean downcall, boolean enforced) {
        Class<?> advice = enforced ? EnforcedBoundaryAdvice.class : downcall ? BoundaryAdvice.class : UpcallAdvice.class;
        return Advice.withCustomMapping().bind(Bind.Boundary.class, id).to(advice, ADVICE_CLASSES);
    }

    /** In a pair lock's acquire ({@code acquire}) or release method. */
    public static Advice pair(boolean acquire, int lock, int site) {
        return Advice.withCustomMapping().bind(Bind.Lock.class, lock).bind(Bind.Site.class, site)
                .to(acquire ? PairAdvice.Acquire.class : PairAdvice.Release.class, ADVICE_CLASSES);
    }

    /** In a {@code synchronized} instance method of a class in monitor family {@code family}. */
    public static Advice monitor(int family, int site) {
        return Advice.withCustomMapping().bind(Bind.Lock.class, family).bind(Bind.Site.class, site).to(MonitorAdvice.class, ADVICE_CLASSES);
    }

    /** In a token's save method, which returns the token; null when it returns no token (a reference or an integral number). */
    public static Advice save(TypeDescription returned, int rule, int site) {
        Class<?> advice = !returned.isPrimitive() ? TokenAdvice.SaveRef.class
                : integral(returned) ? TokenAdvice.SaveValue.class : null;
        return advice == null ? null : token(advice, rule, site);
    }

    /** In a token's restore method, whose first parameter is the token; null when it is none. */
    public static Advice restore(TypeDescription first, int rule, int site) {
        Class<?> advice = first == null ? null : !first.isPrimitive() ? TokenAdvice.RestoreRef.class
                : integral(first) ? TokenAdvice.RestoreValue.class : null;
        return advice == null ? null : token(advice, rule, site);
    }

    private static Advice token(Class<?> advice, int rule, int site) {
        return Advice.withCustomMapping().bind(Bind.Token.class, rule).bind(Bind.Site.class, site).to(advice, ADVICE_CLASSES);
    }

    private static final class AdviceClasses implements ClassFileLocator {
        private final Map<String, byte[]> read = new ConcurrentHashMap<>();

        @Override
        public Resolution locate(String name) {
            return new Resolution.Explicit(read.computeIfAbsent(name, AdviceClasses::read));
        }

        private static byte[] read(String name) {
            try {
                return ClassFileLocator.ForClassLoader.read(Class.forName(name, false, Advices.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("gilguard's advice class " + name + " is missing", e);
            }
        }

        @Override
        public void close() {}
    }

    private static boolean integral(TypeDescription t) {
        return t.represents(long.class) || t.represents(int.class) || t.represents(short.class)
                || t.represents(char.class) || t.represents(byte.class);
    }
}
