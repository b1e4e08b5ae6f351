package io.gilguard.runtime;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source line of a frame whose method was redefined while the frame ran: a method already
 * running at an attach keeps its old code, and the JVM then names no file and no line for it
 * (the current class version's table would be wrong). The frame's bytecode index still holds,
 * and the class file its loader has is that old code (the attach retransformed it from there):
 * its {@code LineNumberTable} and {@code SourceFile} give what the JVM left out. Read on the
 * violation path only, with the JDK alone (the runtime has no class-file library).
 */
final class ClassFileLines {
    /** A repeated violation reads its class file once: answers kept, a bounded number. */
    private static final int MAX_KEPT = 4096;
    private static final StackTraceElement NONE = new StackTraceElement("", "", null, -1);
    private static final ConcurrentHashMap<String, StackTraceElement> KEPT = new ConcurrentHashMap<>();

    private ClassFileLines() {}

    /** File and line of {@code bci} in the method; null if the class file cannot tell. */
    static StackTraceElement of(Class<?> c, String method, String descriptor, int bci) {
        String key = System.identityHashCode(c) + " " + c.getName() + "." + method + descriptor + "@" + bci;
        StackTraceElement known = KEPT.get(key);
        if (known == null) {
            known = read(c, method, descriptor, bci);
            if (known == null) {
                known = NONE;
            }
            if (KEPT.size() < MAX_KEPT) {
                KEPT.put(key, known);
            }
        }
        return known == NONE ? null : known;
    }

    private static StackTraceElement read(Class<?> c, String method, String descriptor, int bci) {
        ClassLoader loader = c.getClassLoader();
        if (loader == null || bci < 0) {
            return null;
        }
        try (InputStream raw = loader.getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            if (raw == null) {
                return null;
            }
            return read(new DataInputStream(new BufferedInputStream(raw)), c.getName(), method, descriptor, bci);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private static StackTraceElement read(DataInputStream in, String className, String method, String descriptor, int bci)
            throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            return null;
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        String[] utf8 = constants(in);
        in.readUnsignedShort(); // access
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
        skip(in, 2 * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            skip(in, 6);
            skipAttributes(in);
        }
        int line = -1;
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.readUnsignedShort(); // access
            String name = utf8[in.readUnsignedShort()];
            String desc = utf8[in.readUnsignedShort()];
            boolean wanted = method.equals(name) && descriptor.equals(desc);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (wanted && "Code".equals(attribute)) {
                    line = codeLine(in, utf8, bci);
                } else {
                    skip(in, length);
                }
            }
        }
        String file = null;
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String name = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if ("SourceFile".equals(name)) {
                file = utf8[in.readUnsignedShort()];
            } else {
                skip(in, length);
            }
        }
        return line < 0 ? null : new StackTraceElement(className, method, file, line);
    }

    /** The Utf8 constants by index; the others are skipped over. */
    private static String[] constants(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1: utf8[i] = in.readUTF(); break;
                case 7: case 8: case 16: case 19: case 20: skip(in, 2); break;
                case 15: skip(in, 3); break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: skip(in, 4); break;
                case 5: case 6: skip(in, 8); i++; break; // takes two slots
                default: throw new IOException("constant tag " + tag);
            }
        }
        return utf8;
    }

    /** The line of the last {@code LineNumberTable} entry that starts at or before {@code bci}. */
    private static int codeLine(DataInputStream in, String[] utf8, int bci) throws IOException {
        skip(in, 4); // max_stack, max_locals
        skip(in, in.readInt()); // the code
        skip(in, 8 * in.readUnsignedShort()); // exception table
        int line = -1;
        int best = -1;
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            String name = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if (!"LineNumberTable".equals(name)) {
                skip(in, length);
                continue;
            }
            int entries = in.readUnsignedShort();
            for (int e = 0; e < entries; e++) {
                int start = in.readUnsignedShort();
                int number = in.readUnsignedShort();
                if (start <= bci && start >= best) {
                    best = start;
                    line = number;
                }
            }
        }
        return line;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            skip(in, in.readInt());
        }
    }

    private static void skip(DataInputStream in, int n) throws IOException {
        in.skipNBytes(n);
    }
}
