package io.gilguard.instrument;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a class file says of a class, read without ASM: its name, flags, superclass and
 * interfaces, the names, descriptors and flags of the methods it declares, the names its constant
 * pool holds and which methods' code enters or exits a monitor. Read once for every class that
 * loads ({@link #ofTransformed}), it lets both routes pass by a class no seam can act on (see
 * {@link Seam#mayAdvise} and {@link Seam#mayRewrite}) without ASM reading it: at start-up ASM's
 * own first use is some 40 ms, and a class a seam has nothing to do with costs only this walk
 * over its bytes.
 *
 * <p>A malformed class file throws {@link IllegalArgumentException}: the caller then lets ASM
 * read it, as it did before this pass existed.
 */
public final class ClassHeader {
    private static final byte[] CODE = {'C', 'o', 'd', 'e'};
    private static final byte[] SOURCE_FILE = "SourceFile".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE_NUMBER_TABLE = "LineNumberTable".getBytes(StandardCharsets.US_ASCII);
    private static final int[] NO_CALL_SITES = {};
    private static final boolean[] NO_MONITORS = {};
    /** The header {@link #ofTransformed} read last on this thread, for the other transformer. */
    private static final ThreadLocal<ClassHeader[]> LAST = new ThreadLocal<>() {
        @Override
        protected ClassHeader[] initialValue() {
            return new ClassHeader[1];
        }
    };

    private final byte[] bytes;
    /** Offsets of the constant pool's UTF-8 entries (their length field), by index; 0 for other entries. */
    private final int[] utf8;
    private final int classAccess;
    private final String name;
    private final String superName;
    /** Where the interfaces' constant pool indices start, and how many: their names are made when asked. */
    private final int interfacesAt;
    private final int interfaceCount;
    /** Per method, the constant pool index of its name: made into a string when asked. */
    private final int[] methodNames;
    private final int[] access;
    /** Per method, the constant pool index of its descriptor: made into a string when asked. */
    private final int[] descriptors;
    /** Per constant pool entry, the UTF-8 entry it names: a Class's name, a NameAndType's name. */
    private final int[] names;
    /** The NameAndType entries of its {@code invokedynamic} sites (count in {@link #callSiteCount}). */
    private int[] callSites = NO_CALL_SITES;
    private int callSiteCount;
    /** Per method, where its {@code Code} attribute starts; 0 for none (abstract, native). */
    private final int[] codes;
    /** Where the class's own attributes start. */
    private final int attributesAt;
    /** Per method, whether its code enters or exits a monitor; null until asked ({@link #monitorMethods()}). */
    private boolean[] monitorMethods;

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
        p = fields(p);
        int methodCount = u2(p);
        methodNames = new int[methodCount];
        access = new int[methodCount];
        descriptors = new int[methodCount];
        codes = new int[methodCount];
        p += 2;
        for (int m = 0; m < methodCount; m++) {
            access[m] = u2(p);
            methodNames[m] = u2(p + 2);
            if (utf8[methodNames[m]] == 0) {
                throw new IllegalArgumentException("method " + m + " has no name");
            }
            descriptors[m] = u2(p + 4);
            p = attributes(p + 6, m);
        }
        attributesAt = p;
    }

    /**
     * {@link #of} for the class file a transformer was given: the advice route's and the rewrite
     * route's transformers are given the same class file one after the other on the same thread
     * (two class file load hooks), so the second gets the header the first read, when the bytes
     * are the same (compared, a fraction of a new walk), and the thread forgets it. One header a
     * thread is kept at most, until its next class.
     */
    public static ClassHeader ofTransformed(byte[] bytes) {
        ClassHeader[] last = LAST.get();
        ClassHeader header = last[0];
        if (header != null && Arrays.equals(header.bytes, bytes)) {
            last[0] = null;
            return header;
        }
        header = of(bytes);
        last[0] = header;
        return header;
    }

    public static ClassHeader of(byte[] bytes) {
        try {
            return new ClassHeader(bytes);
        } catch (ArrayIndexOutOfBoundsException | NullPointerException truncated) {
            throw new IllegalArgumentException("truncated class file", truncated);
        }
    }

    /** Skips the fields at {@code p}; returns the offset after them. */
    private int fields(int p) {
        int n = u2(p);
        p += 2;
        for (int i = 0; i < n; i++) {
            p = attributes(p + 6, -1);
        }
        return p;
    }

    /** Skips the attributes at {@code p} of method {@code method} (-1: of a field), noting where its {@code Code} is. */
    private int attributes(int p, int method) {
        int n = u2(p);
        p += 2;
        for (int i = 0; i < n; i++) {
            int length = u4(p + 2);
            if (method >= 0 && isName(u2(p), CODE)) {
                codes[method] = p;
            }
            p += 6 + length;
        }
        return p;
    }

    /**
     * Per method, whether its code enters or exits a monitor, {@link #NO_MONITORS} when none does:
     * found when first asked (only the lock seam asks, so a class read for boundary rules alone is
     * not scanned). Code that runs past the class file counts as entering one everywhere: ASM then
     * reads the class, as it would have.
     */
    private boolean[] monitorMethods() {
        if (monitorMethods == null) {
            boolean[] found = NO_MONITORS;
            for (int m = 0; m < codes.length; m++) {
                int p = codes[m];
                if (p != 0 && usesMonitor(p)) {
                    if (found == NO_MONITORS) {
                        found = new boolean[codes.length];
                    }
                    found[m] = true;
                }
            }
            monitorMethods = found;
        }
        return monitorMethods;
    }

    private boolean usesMonitor(int code) {
        int start = code + 14; // name, length, max_stack, max_locals, code_length
        try {
            return Instructions.usesMonitor(bytes, start, start + u4(code + 10));
        } catch (ArrayIndexOutOfBoundsException truncated) {
            return true;
        }
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
        return methodNames.length;
    }

    public String methodName(int i) {
        return utf8(methodNames[i]);
    }

    public String methodDescriptor(int i) {
        return utf8(descriptors[i]);
    }

    /** The method's flags ({@code Opcodes.ACC_*}). */
    public int methodAccess(int i) {
        return access[i];
    }

    /** The source file its {@code SourceFile} attribute names; null if none. */
    public String sourceFile() {
        int n = u2(attributesAt);
        for (int i = 0, p = attributesAt + 2; i < n; i++, p += 6 + u4(p + 2)) {
            if (isName(u2(p), SOURCE_FILE)) {
                return utf8(u2(p + 6));
            }
        }
        return null;
    }

    /**
     * The source line of method {@code i}'s first instruction that has one, as its
     * {@code LineNumberTable}s say (the entry of the lowest offset, the first listed of those at
     * one offset, a line 0 passed by, as ASM reads it); -1 for none (no code, no table).
     */
    public int firstLine(int i) {
        int code = codes[i];
        if (code == 0) {
            return -1;
        }
        int codeLength = u4(code + 10);
        int p = code + 14 + codeLength;
        p += 2 + 8 * u2(p); // the exception table
        int n = u2(p);
        int lowest = Integer.MAX_VALUE;
        int line = -1;
        for (int a = 0, at = p + 2; a < n; a++, at += 6 + u4(at + 2)) {
            if (!isName(u2(at), LINE_NUMBER_TABLE)) {
                continue;
            }
            for (int e = 0, entry = at + 8; e < u2(at + 6); e++, entry += 4) {
                int pc = u2(entry);
                int number = u2(entry + 2);
                if (number != 0 && pc < lowest && pc <= codeLength) {
                    lowest = pc;
                    line = number;
                }
            }
        }
        return line;
    }

    /** Whether constant {@code index} is the UTF-8 entry {@code name}. */
    private boolean isName(int index, byte[] name) {
        int at = index < utf8.length ? utf8[index] : 0;
        return at != 0 && u2(at) == name.length && Arrays.equals(bytes, at + 2, at + 2 + name.length, name, 0, name.length);
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
        for (int name : methodNames) {
            if (!initializer(name) && named.test(utf8(name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #declaresMethod} for names known in full: compared in place, no name made. A class
     * without such a method (nearly every class) costs a length read a method.
     */
    public boolean declaresMethodNamed(PoolNames named) {
        for (int name : methodNames) {
            if (!initializer(name) && named.has(bytes, utf8[name] + 2, u2(utf8[name]))) {
                return true;
            }
        }
        return false;
    }

    /** Whether it declares a method whose name starts with {@code prefix} (ASCII): compared in place. */
    public boolean declaresMethodPrefixed(String prefix) {
        for (int name : methodNames) {
            if (equalsAscii(utf8[name], prefix, true)) {
                return true;
            }
        }
        return false;
    }

    private boolean initializer(int name) {
        int at = utf8[name];
        return u2(at) > 0 && bytes[at + 2] == '<';
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

    /** Whether the constant pool holds one of {@code names}: one walk for all of them. */
    public boolean mentionsAny(PoolNames names) {
        if (names.always() || names.none()) {
            return names.always();
        }
        for (int i = 1; i < utf8.length; i++) {
            int at = utf8[i];
            if (at != 0 && names.has(bytes, at + 2, u2(at))) {
                return true;
            }
        }
        return false;
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

    /** {@link #makesCallSiteNamed} for names known in full: compared in place. */
    public boolean makesCallSiteNamed(PoolNames named) {
        for (int i = 0; i < callSiteCount; i++) {
            int at = utf8[names[callSites[i]]];
            if (at == 0) {
                throw new IllegalArgumentException("call site " + i + " has no name");
            }
            if (named.has(bytes, at + 2, u2(at))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether some method's code enters or exits a monitor ({@code synchronized} blocks; a
     * {@code synchronized} method is a flag, see {@link #declaresMethodWith}). Never false for
     * code that does; true for code that does not only where the code cannot be walked
     * ({@link Instructions}).
     */
    public boolean entersMonitors() {
        return monitorMethods() != NO_MONITORS;
    }

    /** Whether method {@code i}'s code enters or exits a monitor (or cannot be walked). */
    public boolean methodUsesMonitors(int i) {
        boolean[] monitors = monitorMethods();
        return monitors != NO_MONITORS && monitors[i];
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
