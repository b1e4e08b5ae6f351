package io.gilguard.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A build step of the agent jar: the class files under a prefix (the shaded ASM) that are older
 * than Java 6 are written again as Java 8 class files, with stack map frames. ASM ships Java 5
 * class files, which the JVM checks with its old, inferring verifier when gilguard's loader
 * defines them: some 10 ms of CPU at the start of a program whose classes gilguard rewrites
 * (bench/README.md). With frames the JVM's type-checking verifier takes a fraction of that. The
 * code is ASM's own, read and written back; only the version and the frames change.
 *
 * <p>{@code java io.gilguard.build.ClassFrames IN.jar OUT.jar PREFIX}: entries keep their order
 * (the manifest first) and their times.
 */
public final class ClassFrames {
    private ClassFrames() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ClassFrames IN.jar OUT.jar PREFIX");
        }
        Map<JarEntry, byte[]> entries = read(Path.of(args[0]));
        Map<String, String> superclasses = new HashMap<>();
        for (Map.Entry<JarEntry, byte[]> e : entries.entrySet()) {
            if (e.getKey().getName().endsWith(".class")) {
                ClassReader reader = new ClassReader(e.getValue());
                superclasses.put(reader.getClassName(), reader.getSuperName());
            }
        }
        int framed = 0;
        try (OutputStream file = Files.newOutputStream(Path.of(args[1]));
             JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<JarEntry, byte[]> e : entries.entrySet()) {
                String name = e.getKey().getName();
                byte[] bytes = e.getValue();
                if (name.startsWith(args[2]) && name.endsWith(".class") && major(bytes) < Opcodes.V1_6) {
                    bytes = framed(bytes, superclasses);
                    framed++;
                }
                JarEntry entry = new JarEntry(name);
                entry.setTime(e.getKey().getTime());
                out.putNextEntry(entry);
                out.write(bytes);
                out.closeEntry();
            }
        }
        System.out.println("ClassFrames: " + framed + " class files under " + args[2] + " written as Java 8, with frames");
    }

    private static Map<JarEntry, byte[]> read(Path jar) throws IOException {
        Map<JarEntry, byte[]> entries = new LinkedHashMap<>();
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                try (InputStream s = in.getInputStream(entry)) {
                    entries.put(entry, s.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static int major(byte[] classFile) {
        return (classFile[6] & 0xFF) << 8 | classFile[7] & 0xFF;
    }

    private static byte[] framed(byte[] classFile, Map<String, String> superclasses) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            /** From the jar's own class files and the JDK's classes: nothing is loaded from the jar. */
            @Override
            protected String getCommonSuperClass(String a, String b) {
                List<String> above = superclasses(a, superclasses);
                for (String type : superclasses(b, superclasses)) {
                    if (above.contains(type)) {
                        return type;
                    }
                }
                return "java/lang/Object";
            }
        };
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, 0);
        return writer.toByteArray();
    }

    /** {@code type} and its superclasses, up to {@code java/lang/Object}; an interface's is Object. */
    private static List<String> superclasses(String type, Map<String, String> inJar) {
        List<String> chain = new ArrayList<>();
        for (String t = type; t != null; t = superclass(t, inJar)) {
            chain.add(t);
        }
        return chain;
    }

    private static String superclass(String type, Map<String, String> inJar) {
        if (inJar.containsKey(type)) {
            return inJar.get(type);
        }
        try {
            Class<?> c = Class.forName(type.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            return c.isInterface() || c.getSuperclass() == null ? (c == Object.class ? null : "java/lang/Object")
                    : c.getSuperclass().getName().replace('.', '/');
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("ClassFrames: " + type + " is neither in the jar nor in the JDK");
        }
    }
}
