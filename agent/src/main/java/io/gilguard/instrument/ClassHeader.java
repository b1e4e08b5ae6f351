package io.gilguard.instrument;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a class file says of a class, read without ASM: its name, flags, superclass and
 * interfaces, the names, descriptors and flags of the methods it declares, the names its constant
 * pool holds and whether its code enters a monitor. Read for every class that loads, it lets both routes
 * pass by a class no seam can act on (see {@link Seam#mayAdvise} and {@link Seam#mayRewrite})
 * without ASM reading it: at start-up ASM's own first use is some 40 ms, and a class a seam
 * has nothing to do with costs only this walk over its bytes.
 *
 * <p>A malformed class file throws {@link IllegalArgumentException}: the caller then lets ASM
 * read it, as it did before this pass existed.
 */
public final class ClassHeader {
    private static final int MONITORENTER = 0xC2;
    private static final byte[] CODE = {'C', 'o', 'd', 'e'};
    private static final int[] NO_CALL_SITES = {};

    private final byte[] bytes;
    /** Offsets of the constant pool's UTF-8 entries (their length field), by index; 0 for other entries. */
    private final int[] utf8;
    private final int classAccess;
    private final String name;
    private final String superName;
    /** Where the interfaces' constant pool indices start, and how many: their names are made when asked. */
    private final int interfacesAt;
    private final int interfaceCount;
    private final String[] methods;
    private final int[] access;
    /** Per method, the constant pool index of its descriptor: made into a string when asked. */
    private final int[] descriptors;
    /** Per constant pool entry, the UTF-8 entry it names: a Class's name, a NameAndType's name. */
    private final int[] names;
    /** The NameAndType entries of its {@code invokedynamic} sites (count in {@link #callSiteCount}). */
    private int[] callSites = NO_CALL_SITES;
    private int callSiteCount;
    private boolean monitors;

    private ClassHeader(byte[] bytes) {
        this.bytes = bytes;
        if (u4(0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        int count = u2(8);
        utf8 = new int[count];
        names = new int[count];
        int p = 10;
        for (int i = 1; i < count; i++) {
            int tag = bytes[p] & 0xFF;
            switch (tag) {
                case 1: // Utf8
                    utf8[i] = p + 1;
                    p += 3 + u2(p + 1);
                    break;
                case 7: // Class
                    names[i] = u2(p + 1);
                    p += 3;
                    break;
                case 8: case 16: case 19: case 20: // String, MethodType, Module, Package
                    p += 3;
                    break;
                case 15: // MethodHandle
                    p += 4;
                    break;
                case 12: // NameAndType
                    names[i] = u2(p + 1);
                    p += 5;
                    break;
                case 18: // InvokeDynamic
                    if (callSiteCount == callSites.length) {
                        callSites = Arrays.copyOf(callSites, Math.max(4, callSiteCount * 2));
                    }
                    callSites[callSiteCount++] = u2(p + 3);
                    p += 5;
                    break;
                case 3: case 4: case 9: case 10: case 11: case 17:
                    p += 5;
                    break;
                case 5: case 6: // Long, Double: two entries
                    p += 9;
                    i++;
                    break;
                default:
                    throw new IllegalArgumentException("constant pool tag " + tag);
            }
        }
        classAccess = u2(p);
        int self = u2(p + 2);
        int parent = u2(p + 4);
        name = javaName(names[self]);
        superName = parent == 0 ? null : javaName(names[parent]);
        interfaceCount = u2(p + 6);
        interfacesAt = p + 8;
        p += 8 + 2 * interfaceCount;
        p = members(p, false);
        int methodCount = u2(p);
        methods = new String[methodCount];
        access = new int[methodCount];
        descriptors = new int[methodCount];
        p += 2;
        for (int m = 0; m < methodCount; m++) {
            access[m] = u2(p);
            methods[m] = utf8(u2(p + 2));
            descriptors[m] = u2(p + 4);
            p = attributes(p + 6, true);
        }
    }

    public static ClassHeader of(byte[] bytes) {
        try {
            return new ClassHeader(bytes);
        } catch (ArrayIndexOutOfBoundsException | NullPointerException truncated) {
            throw new IllegalArgumentException("truncated class file", truncated);
        }
    }

    /** Skips the fields (or methods) at {@code p}; returns the offset after them. */
    private int members(int p, boolean code) {
        int n = u2(p);
        p += 2;
        for (int i = 0; i < n; i++) {
            p = attributes(p + 6, code);
        }
        return p;
    }

    /** Skips the attributes at {@code p}, looking into each {@code Code} for a monitorenter. */
    private int attributes(int p, boolean code) {
        int n = u2(p);
        p += 2;
        for (int i = 0; i < n; i++) {
            int length = u4(p + 2);
            if (code && !monitors && utf8[u2(p)] != 0 && equals(utf8[u2(p)], CODE)) {
                int start = p + 14; // name, length, max_stack, max_locals, code_length
                int end = start + u4(p + 10);
                for (int b = start; b < end && !monitors; b++) {
                    // a byte of an operand may read as one too: then ASM reads the class, as always
                    monitors = (bytes[b] & 0xFF) == MONITORENTER;
                }
            }
            p += 6 + length;
        }
        return p;
    }

    /** The class file it was read from. */
    public byte[] bytes() {
        return bytes;
    }

    /** Java form, with dots. */
    public String name() {
        return name;
    }

    /** The class's flags ({@code Opcodes.ACC_*}). */
    public int access() {
        return classAccess;
    }

    /** The interfaces it names itself, Java form. */
    public List<String> interfaceNames() {
        List<String> names = new ArrayList<>(interfaceCount);
        for (int i = 0; i < interfaceCount; i++) {
            names.add(javaName(this.names[u2(interfacesAt + 2 * i)]));
        }
        return names;
    }

    /** The methods it declares, constructors and its initializer included. */
    public int methodCount() {
        return methods.length;
    }

    public String methodName(int i) {
        return methods[i];
    }

    public String methodDescriptor(int i) {
        return utf8(descriptors[i]);
    }

    /** The method's flags ({@code Opcodes.ACC_*}). */
    public int methodAccess(int i) {
        return access[i];
    }

    /** Java form; null for {@code java.lang.Object}. */
    public String superName() {
        return superName;
    }

    /**
     * Whether its only supertype is {@code java.lang.Object}: then the names of the class and its
     * supertypes are known without reading another class file.
     */
    public boolean extendsObjectOnly() {
        return "java.lang.Object".equals(superName) && interfaceCount == 0;
    }

    /** Whether it declares a method, other than a constructor or an initializer, whose name {@code named} accepts. */
    public boolean declaresMethod(java.util.function.Predicate<String> named) {
        for (String m : methods) {
            if (!m.startsWith("<") && named.test(m)) {
                return true;
            }
        }
        return false;
    }

    /** Whether it declares a method that has all the {@code flags} ({@code Opcodes.ACC_*}) and none of {@code without}. */
    public boolean declaresMethodWith(int flags, int without) {
        for (int a : access) {
            if ((a & flags) == flags && (a & without) == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the constant pool holds {@code name} (internal form for a class: {@code a/b/C}): a
     * class that calls a method, reads a field or refers to a class holds its name there.
     */
    public boolean mentions(String name) {
        return holds(name, false);
    }

    /** Whether the constant pool holds a name that starts with {@code prefix} (a rule's {@code on*}). */
    public boolean mentionsPrefix(String prefix) {
        return holds(prefix, true);
    }

    private boolean holds(String name, boolean prefix) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == 0 || name.charAt(i) > 0x7F) {
                return true; // not ASCII: not looked for, so never missed
            }
        }
        for (int i = 1; i < utf8.length; i++) {
            if (utf8[i] != 0 && equalsAscii(utf8[i], name, prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether one of its {@code invokedynamic} sites has a name {@code named} accepts: the site that
     * makes a lambda or a method reference is named after the interface method it implements.
     */
    public boolean makesCallSiteNamed(java.util.function.Predicate<String> named) {
        for (int i = 0; i < callSiteCount; i++) {
            if (named.test(utf8(names[callSites[i]]))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether some method's code may enter a monitor ({@code synchronized} blocks; a
     * {@code synchronized} method is a flag, see {@link #declaresMethodWith}). Never false for
     * code that does; rarely true for code that does not.
     */
    public boolean entersMonitors() {
        return monitors;
    }

    /** Asked for each name of each class that loads: compares in place, allocates nothing; {@code prefix}: the start only. */
    private boolean equalsAscii(int at, String name, boolean prefix) {
        int length = u2(at);
        if (prefix ? length < name.length() : length != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (bytes[at + 2 + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean equals(int at, byte[] wanted) {
        int length = u2(at);
        return length == wanted.length && Arrays.equals(bytes, at + 2, at + 2 + length, wanted, 0, length);
    }

    private String utf8(int index) {
        int at = utf8[index];
        if (at == 0) {
            throw new IllegalArgumentException("constant " + index + " is not a name");
        }
        // the modified UTF-8 of a class file reads as UTF-8 for every name but those holding NUL
        // or characters outside the BMP, which no class or method of the JDK's compilers has
        return new String(bytes, at + 2, u2(at), StandardCharsets.UTF_8);
    }

    private String javaName(int utf8Index) {
        return utf8(utf8Index).replace('/', '.');
    }

    private int u2(int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }

    private int u4(int at) {
        return (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8 | bytes[at + 3] & 0xFF;
    }
}
