package io.gilguard.runtime;

/**
 * At attach, a native method cannot be wrapped, so the calls of it get the boundary instead. A
 * call through a supertype or an interface ({@code invokevirtual DB.step}, where {@code DB.step}
 * is abstract and {@code NativeDB.step} native; {@code invokeinterface Api.compute}) reaches the
 * native method for some receivers and Java code for others: the rewritten call asks here,
 * before the call, which boundary its receiver's class enters ({@link #boundary}), and enters it
 * or not ({@link #enter}). A class of its own, not bytecode at the call site, because the answer
 * is kept per class and a class that is already loaded cannot gain a field to keep it in.
 *
 * <p>Per method (name and descriptor), the last receiver class and its answer are one immutable
 * pair in a plain field: the same class again costs a load and a compare; another class, a
 * {@link ClassValue} lookup. Only the first call with a class computes the answer, in the agent
 * ({@link Resolver}), from class files. No allocation and no lock after that.
 */
public final class SupertypeCalls {
    /** The agent's answer for a receiver class, asked once per class and method. */
    public interface Resolver {
        /** The boundary a call of {@code method} (as {@link #define} numbered it) enters for this class, or -1. */
        int boundary(Class<?> receiver, int method);
    }

    /** A receiver class and the boundary it enters (-1: none): immutable, so a racy read sees a whole pair. */
    private static final class Reach {
        final Class<?> type;
        final int boundary;

        Reach(Class<?> type, int boundary) {
            this.type = type;
            this.boundary = boundary;
        }
    }

    /** One method that calls through a supertype name; its answers per receiver class. */
    private static final class Overridable extends ClassValue<Reach> {
        private final int number;
        /**
         * Written by any thread without a lock: a lost write only costs a lookup. It keeps the
         * last receiver class reachable until another one comes.
         */
        Reach last = new Reach(null, -1);

        Overridable(int number) {
            this.number = number;
        }

        @Override
        protected Reach computeValue(Class<?> type) {
            int boundary = -1;
            Resolver r = resolver;
            if (r != null) {
                try {
                    boundary = r.boundary(type, number);
                } catch (Throwable t) {
                    Errors.internal(t);
                }
            }
            return new Reach(type, boundary);
        }
    }

    private static volatile Overridable[] methods = new Overridable[16];
    private static int count;
    private static volatile Resolver resolver;

    private SupertypeCalls() {}

    /** Called at instrumentation time: a method's number, which the rewritten calls of it carry. */
    public static synchronized int define() {
        Overridable[] m = methods;
        if (count == m.length) {
            m = java.util.Arrays.copyOf(m, count * 2);
        }
        m[count] = new Overridable(count);
        methods = m;
        return count++;
    }

    /** The agent that answers for classes not seen yet: the one attached last, null after a detach. */
    public static void resolver(Resolver r) {
        resolver = r;
    }

    /** Before a call through a supertype: the boundary its receiver enters, or -1. */
    public static int boundary(Object receiver, int method) {
        if (receiver == null) {
            return -1; // the call itself throws the NullPointerException
        }
        try {
            Overridable m = methods[method];
            Class<?> type = receiver.getClass();
            Reach r = m.last;
            if (r.type != type) {
                r = m.get(type);
                m.last = r;
            }
            return r.boundary;
        } catch (Throwable t) {
            Errors.internal(t);
            return -1;
        }
    }

    /** {@link Boundaries#enter} for a boundary {@link #boundary} found, nothing (null) for -1. */
    public static Ledger enter(int boundary) {
        return boundary < 0 ? null : Boundaries.enter(boundary);
    }
}
