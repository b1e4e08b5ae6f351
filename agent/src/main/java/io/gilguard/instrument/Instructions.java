package io.gilguard.instrument;

/**
 * A method's code walked instruction by instruction, as the JVM reads it, without ASM: whether it
 * enters or exits a monitor. A scan of the bytes alone would also stop at an operand that reads as
 * {@code monitorenter} (a constant pool index, a jump offset, a {@code sipush} of 194): in a
 * library with large classes one class in thirty or fifty, each then read and written by ASM for
 * nothing.
 */
final class Instructions {
    private static final int TABLESWITCH = 0xAA;
    private static final int LOOKUPSWITCH = 0xAB;
    private static final int MONITORENTER = 0xC2;
    private static final int MONITOREXIT = 0xC3;
    private static final int WIDE = 0xC4;
    private static final int IINC = 0x84;
    /** Each opcode's length in bytes, operands included; 0 for the three of variable length and for the unassigned. */
    private static final byte[] LENGTH = new byte[256];

    static {
        java.util.Arrays.fill(LENGTH, 0, 0xCA, (byte) 1);
        set(2, 0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3A, 0xA9, 0xBC);
        set(3, 0x11, 0x13, 0x14, 0x84, 0xA7, 0xA8, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xBB, 0xBD, 0xC0, 0xC1,
                0xC6, 0xC7);
        for (int ifs = 0x99; ifs <= 0xA6; ifs++) {
            LENGTH[ifs] = 3;
        }
        set(4, 0xC5);
        set(5, 0xB9, 0xBA, 0xC8, 0xC9);
        set(0, TABLESWITCH, LOOKUPSWITCH, WIDE);
    }

    private Instructions() {}

    private static void set(int length, int... opcodes) {
        for (int op : opcodes) {
            LENGTH[op] = (byte) length;
        }
    }

    /**
     * Whether the code in {@code bytes[start, end)} has a {@code monitorenter} or a
     * {@code monitorexit}. Code with no byte that reads as either (most code) is passed by in a
     * plain scan; code with one is walked, and counts as using a monitor also where it cannot be
     * walked (an opcode the JVM does not define, an instruction past the end): the caller then
     * lets ASM read the class, as it would have.
     */
    static boolean usesMonitor(byte[] bytes, int start, int end) {
        for (int at = start; at < end; at++) {
            if ((bytes[at] & 0xFE) == MONITORENTER) { // or MONITOREXIT: a byte that may be one, so walk
                return walk(bytes, start, end);
            }
        }
        return false;
    }

    private static boolean walk(byte[] bytes, int start, int end) {
        int pc = start;
        while (pc < end) {
            int op = bytes[pc] & 0xFF;
            if (op == MONITORENTER || op == MONITOREXIT) {
                return true;
            }
            int length = LENGTH[op];
            if (length == 0) {
                length = variable(bytes, start, pc, op);
                if (length <= 0) {
                    return true;
                }
            }
            pc += length;
        }
        return pc != end;
    }

    /** The length of a switch or a {@code wide} instruction at {@code pc}; 0 if it cannot be one. */
    private static int variable(byte[] bytes, int start, int pc, int op) {
        if (op == WIDE) {
            return (bytes[pc + 1] & 0xFF) == IINC ? 6 : 4;
        }
        if (op != TABLESWITCH && op != LOOKUPSWITCH) {
            return 0;
        }
        int at = pc + 1 + (3 - (pc - start) % 4); // the operands are aligned to 4 from the code's start
        if (op == TABLESWITCH) {
            long count = (long) s4(bytes, at + 8) - s4(bytes, at + 4) + 1;
            return count < 0 || count > Integer.MAX_VALUE / 8 ? 0 : at - pc + 12 + (int) count * 4;
        }
        int pairs = s4(bytes, at + 4);
        return pairs < 0 || pairs > Integer.MAX_VALUE / 16 ? 0 : at - pc + 8 + pairs * 8;
    }

    private static int s4(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }
}
