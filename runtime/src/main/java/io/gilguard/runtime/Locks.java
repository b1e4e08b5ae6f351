package io.gilguard.runtime;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.Arrays;

/**
 * The locks the rules name, by number. A static lock is bound to its object when the field is
 * assigned; a method-pair lock has no object; a family has many ({@link Families}). The hot path asks {@link #idOf} whether an object
 * is tracked: an identity scan of a handful of slots, no hashing, no lock.
 */
public final class Locks {
    public static final int STATIC = 0;
    public static final int PAIR = 1;
    /** A family ({@code monitor CLASS}, {@code field CLASS.FIELD}): its members are in {@link Families}, its number counts them all. */
    public static final int FAMILY = 2;

    private static String[] names = new String[0];
    private static int[] shapes = new int[0];
    private static String[] fields = new String[0];
    // Written at binding time (rare), read on every lock event: a plain array whose slots may be
    // seen late by another thread, which at worst misses the first events of a just-bound lock.
    static Object[] bound = new Object[0];
    // The ledger of the thread that took each lock last (outermost); it holds the lock while its
    // count is above 0. Only read on the violation path, to tell a foreign release from an
    // unpaired one and to name the owner's site.
    static Ledger[] holders = new Ledger[0];

    // Conditions are few (one or two per lock); the cap keeps a program that makes one per
    // request from growing this list without end.
    private static final int MAX_CONDITIONS = 1024;
    // Per static lock, a loader that can see the class declaring the field, to initialize that
    // class when a policy needs the lock before the application touched it. Weak: never keeps
    // a loader alive.
    private static WeakReference<ClassLoader>[] loaders = newLoaders(0);

    private static Object[] conditions = new Object[0];
    private static int[] conditionLocks = new int[0];

    private Locks() {}

    /** Called once, at start-up, before any class is instrumented. */
    public static synchronized void define(String[] lockNames, int[] lockShapes, String[] staticFields) {
        names = lockNames.clone();
        shapes = lockShapes.clone();
        fields = staticFields.clone();
        bound = new Object[names.length];
        loaders = newLoaders(names.length);
        holders = new Ledger[names.length];
        LockOrder.define(names.length);
    }

    public static int count() {
        return names.length;
    }

    public static String name(int id) {
        return names[id];
    }

    public static int shape(int id) {
        return shapes[id];
    }

    /** {@code CLASS.FIELD} of a static lock, null for the others. */
    public static String field(int id) {
        return fields[id];
    }

    public static boolean family(int id) {
        return shapes[id] == FAMILY;
    }

    /** The lock {@code o} is, a static lock or a family's member; -1 if none. Off the hot path. */
    static int find(Object o) {
        int id = idOf(o);
        return id >= 0 || !Families.any ? id : Families.of(o);
    }

    public static Object object(int id) {
        return bound[id];
    }

    public static int idOf(Object lock) {
        Object[] b = bound;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == lock) {
                return i;
            }
        }
        return -1;
    }

    /** The static field of lock {@code id} was assigned {@code value}. */
    public static synchronized void bind(Object value, int id) {
        if (value != null && id >= 0 && id < bound.length) {
            bound[id] = value;
        }
    }

    /** A loader that sees the class declaring lock {@code id}'s field, noted at instrumentation time. */
    public static synchronized void loader(int id, ClassLoader loader) {
        if (loaders[id] == null && loader != null) {
            loaders[id] = new WeakReference<>(loader);
        }
    }

    /**
     * The lock's object, initializing the class that declares its field if need be (its
     * assignment then binds it); null if that cannot be done, said once. Off the hot path.
     */
    static Object resolve(int id) {
        Object o = bound[id];
        if (o != null || fields[id] == null) {
            return o;
        }
        String field = fields[id];
        int dot = field.lastIndexOf('.');
        try {
            WeakReference<ClassLoader> ref;
            synchronized (Locks.class) {
                ref = loaders[id];
            }
            ClassLoader loader = ref == null ? null : ref.get();
            Class<?> owner = Class.forName(field.substring(0, dot), true, loader);
            if (bound[id] == null) {
                // Assigned before gilguard could see it (or by code it does not rewrite): read it.
                Field f = owner.getDeclaredField(field.substring(dot + 1));
                f.setAccessible(true);
                bind(f.get(null), id);
            }
        } catch (Throwable t) {
            Errors.note("lock '" + names[id] + "': cannot read " + field + ": " + t);
        }
        return bound[id];
    }

    @SuppressWarnings("unchecked")
    private static WeakReference<ClassLoader>[] newLoaders(int n) {
        return (WeakReference<ClassLoader>[]) new WeakReference<?>[n];
    }

    /** Conditions made by a tracked lock, so that await can release and retake it in the ledger. */
    static synchronized void bindCondition(Object condition, int lockId) {
        int n = conditions.length;
        if (n == MAX_CONDITIONS) {
            Errors.note("more than " + MAX_CONDITIONS + " conditions on tracked locks; await is not tracked for the rest");
            return;
        }
        Object[] c = Arrays.copyOf(conditions, n + 1);
        int[] l = Arrays.copyOf(conditionLocks, n + 1);
        c[n] = condition;
        l[n] = lockId;
        conditionLocks = l;
        conditions = c;
    }

    static int lockOfCondition(Object condition) {
        Object[] c = conditions;
        int[] l = conditionLocks;
        for (int i = 0; i < c.length && i < l.length; i++) {
            if (c[i] == condition) {
                return l[i];
            }
        }
        return -1;
    }
}
