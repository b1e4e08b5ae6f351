package io.gilguard.runtime;

/**
 * A boundary's kind and policies packed in one {@code long}, which the advice passes as a
 * constant ({@link Boundaries#shape}). Once the JIT inlines {@code Boundaries.enter} and
 * {@code exit} into a boundary method, every decoding below folds away: the policy checks are
 * those of that boundary alone, with its lock numbers as constants, and no load of the boundary
 * table, no loop, no switch is left on the hot path.
 *
 * <p>Layout: three {@code lock | policy << 16} slots of 19 bits (bits 0-56), the number of
 * slots used (57-58), then flags. A boundary whose locks do not fit (more than three, or a lock
 * numbered 65,536 or more) is {@link #IN_TABLE}: its policies are read from the table as before.
 * Never 0: 0 is what a call that has no shape to give passes ({@link Boundaries#enter(int)}).
 */
final class BoundaryShape {
    private static final int SLOT_BITS = 19;
    private static final int SLOTS = 3;
    private static final int COUNT_SHIFT = SLOT_BITS * SLOTS;
    private static final long DOWNCALL = 1L << 59;
    private static final long JNI_MARKS = 1L << 60;
    private static final long LEARNED = 1L << 61;
    private static final long IN_TABLE = 1L << 62;
    private static final long SHAPED = 1L << 63;

    private BoundaryShape() {}

    static long of(Boundary b) {
        long shape = SHAPED | (b.downcall ? DOWNCALL : 0) | (b.jniMarks ? JNI_MARKS : 0) | (b.learned ? LEARNED : 0);
        if (b.locks.length > SLOTS) {
            return shape | IN_TABLE;
        }
        for (int i = 0; i < b.locks.length; i++) {
            if (b.locks[i] >>> 16 != 0 || b.policies[i] >>> 3 != 0) {
                return shape | IN_TABLE;
            }
            shape |= (b.locks[i] | (long) b.policies[i] << 16) << (SLOT_BITS * i);
        }
        return shape | (long) b.locks.length << COUNT_SHIFT;
    }

    static boolean downcall(long shape) {
        return (shape & DOWNCALL) != 0;
    }

    static boolean jniMarks(long shape) {
        return (shape & JNI_MARKS) != 0;
    }

    static boolean learned(long shape) {
        return (shape & LEARNED) != 0;
    }

    static boolean inTable(long shape) {
        return (shape & IN_TABLE) != 0;
    }

    static int count(long shape) {
        return (int) (shape >>> COUNT_SHIFT) & 3;
    }

    static int lock(long shape, int slot) {
        return (int) (shape >>> (SLOT_BITS * slot)) & 0xFFFF;
    }

    static int policy(long shape, int slot) {
        return (int) (shape >>> (SLOT_BITS * slot + 16)) & 7;
    }
}
