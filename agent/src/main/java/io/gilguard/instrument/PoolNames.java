package io.gilguard.instrument;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/**
 * Names looked for in a class file's constant pool all at once ({@link ClassHeader#mentionsAny}):
 * one walk over the pool, whatever their number, where a walk a name cost one each. Kept by
 * length, so that an entry of a length no name has is passed by after reading its length alone.
 */
public final class PoolNames {
    private static final byte[][] NONE = {};

    /** Per length, the names of that length, as the pool writes them (ASCII). */
    private final byte[][][] byLength;
    /** A name that is not ASCII is not looked for, so never ruled out: every class mentions it. */
    private final boolean always;

    private PoolNames(byte[][][] byLength, boolean always) {
        this.byLength = byLength;
        this.always = always;
    }

    /** {@code names}: internal forms for classes ({@code a/b/C}), as {@link ClassHeader#mentions} takes them. */
    public static PoolNames of(Collection<String> names) {
        int longest = 0;
        boolean always = false;
        for (String n : names) {
            longest = Math.max(longest, n.length());
            for (int i = 0; i < n.length(); i++) {
                always |= n.charAt(i) == 0 || n.charAt(i) > 0x7F;
            }
        }
        byte[][][] byLength = new byte[longest + 1][][];
        Arrays.fill(byLength, NONE);
        for (String n : names) {
            byte[][] same = byLength[n.length()];
            same = Arrays.copyOf(same, same.length + 1);
            same[same.length - 1] = n.getBytes(StandardCharsets.US_ASCII);
            byLength[n.length()] = same;
        }
        return new PoolNames(byLength, always);
    }

    /**
     * Whether the UTF-8 entry of {@code length} bytes at {@code bytes[at]} is one of the names;
     * always true when a name is not ASCII.
     */
    boolean has(byte[] bytes, int at, int length) {
        if (always || length >= byLength.length) {
            return always;
        }
        for (byte[] name : byLength[length]) {
            if (Arrays.equals(bytes, at, at + length, name, 0, length)) {
                return true;
            }
        }
        return false;
    }

    boolean always() {
        return always;
    }

    /** No name at all: nothing mentions one. */
    boolean none() {
        return byLength.length == 1 && byLength[0].length == 0;
    }
}
