package io.gilguard.runtime;

import java.util.Arrays;

/**
 * The lock families: {@code monitor CLASS} (the monitor of every instance of CLASS and its
 * subtypes) and {@code field CLASS.FIELD} (the object in that instance field of every CLASS).
 * Each member object is its own lock for pairing, kept in the ledger under the family's number.
 *
 * <p>The hot path asks {@link #of} which family an object is in: one {@link ClassValue} lookup
 * per event, computed once per class. A monitor family is decided by the class alone. A field
 * family's members are registered objects ({@link Members}), and only objects of a class some
 * member has are looked up there, so no other object is ever hashed: hashing a monitor another
 * thread holds would inflate it.
 */
public final class Families {
    private static final int FIELD_MEMBER_CLASS = 1 << 16;
    private static final Integer NONE = 0;

    /** Read first on every lock event that is not a static lock's: false when the rules name no family. */
    static boolean any;
    private static String[] monitorClasses = new String[0];
    private static boolean[] seen = new boolean[0];
    /** Classes of field families' members, by identity; a handful (a Lock class, Object). */
    private static volatile Class<?>[] memberClasses = new Class<?>[0];

    // Per class: (monitor family + 1) in the low 16 bits, FIELD_MEMBER_CLASS when objects of the
    // class may be field members. No allocation on get: the Integer is made once per class.
    private static final ClassValue<Integer> BY_CLASS = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
            int family = monitorFamily(type);
            int v = family + 1;
            if (isMemberClass(type)) {
                v |= FIELD_MEMBER_CLASS;
            }
            if (family >= 0) {
                seen[family] = true;
            }
            return v == 0 ? NONE : v;
        }
    };

    private Families() {}

    /** Called once, with {@link Locks#define}: per lock, the monitor family's class (else null), and whether it is a field family. */
    public static synchronized void define(String[] monitorClassNames, boolean[] fieldFamilies) {
        monitorClasses = monitorClassNames.clone();
        seen = new boolean[monitorClassNames.length];
        boolean some = false;
        for (int i = 0; i < monitorClassNames.length; i++) {
            some |= monitorClassNames[i] != null || fieldFamilies[i];
        }
        any = some;
    }

    /** The family {@code o} is a member of, or -1. */
    static int of(Object o) {
        int v = BY_CLASS.get(o.getClass());
        if (v == 0) {
            return -1;
        }
        if ((v & FIELD_MEMBER_CLASS) != 0) {
            int f = Members.familyOf(o);
            if (f >= 0) {
                return f;
            }
        }
        return (v & 0xFFFF) - 1;
    }

    /** The object in a field family's field: from now on it is a member. */
    static void bind(Object o, int family) {
        if (o == null || Members.familyOf(o) == family) {
            return;
        }
        Class<?> type = o.getClass();
        if (!isMemberClass(type)) {
            synchronized (Families.class) { // once per class of member: the first object of it
                if (!isMemberClass(type)) {
                    Class<?>[] c = Arrays.copyOf(memberClasses, memberClasses.length + 1);
                    c[c.length - 1] = type;
                    memberClasses = c;
                    BY_CLASS.remove(type);
                }
            }
        }
        seen[family] = true;
        Members.add(o, family);
    }

    private static boolean isMemberClass(Class<?> type) {
        for (Class<?> c : memberClasses) {
            if (c == type) {
                return true;
            }
        }
        return false;
    }

    /** Whether the run met a member of the family: an instance's monitor, or an object in the field. */
    public static boolean seen(int family) {
        return family < seen.length && seen[family];
    }

    /** How a report names one member: {@code CLASS@HASH}, the identity hash in hex as {@code Object.toString} has it. */
    static String label(Object member) {
        return member.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(member));
    }

    /**
     * The family of the nearest supertype a monitor family names: breadth first, the class, its
     * superclass and interfaces, theirs, and so on (the order the instrumentation reads them in, so
     * a synchronized method's advice and a block agree).
     */
    private static int monitorFamily(Class<?> type) {
        String[] names = monitorClasses;
        java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>();
        java.util.Set<Class<?>> seenTypes = new java.util.HashSet<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seenTypes.add(c)) {
                continue;
            }
            int f = named(names, c);
            if (f >= 0) {
                return f;
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(Arrays.asList(c.getInterfaces()));
        }
        return -1;
    }

    private static int named(String[] names, Class<?> c) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null && names[i].equals(c.getName())) {
                return i;
            }
        }
        return -1;
    }
}
