package io.gilguard.instrument.rewrite;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Tells, for a call instruction, whether the method it calls is {@code native}, by reading the
 * class files through the caller's class loader. Never loads a class: the caller may be
 * transformed before the native method's class is loaded, and a transformer must not load
 * classes. A call through a subclass ({@code invokevirtual Sub.m} of a native {@code Base.m})
 * is followed up the superclasses.
 */
public final class NativeMethods {
    /** The class that declares a native method, as rules name it, and its source file for the site. */
    public static final class Declared {
        public final String className;
        public final String file;

        Declared(String className, String file) {
            this.className = className;
            this.file = file;
        }
    }

    private static final class ClassInfo {
        String superName;
        String file;
        final Set<String> methods = new HashSet<>();
        final Set<String> natives = new HashSet<>();
    }

    private static final ClassInfo MISSING = new ClassInfo();
    private static final int MAX_DEPTH = 32;

    private final Map<ClassLoader, Map<String, ClassInfo>> cache = new WeakHashMap<>();
    private final Map<String, ClassInfo> boot = new HashMap<>();

    /** The class declaring {@code owner.name descriptor} when that method is native, else null. */
    public Declared nativeMethod(ClassLoader loader, String owner, String name, String descriptor) {
        String key = name + descriptor;
        String type = owner;
        for (int depth = 0; type != null && depth < MAX_DEPTH && type.charAt(0) != '['; depth++) {
            ClassInfo info = info(loader, type);
            if (info == MISSING) {
                return null;
            }
            if (info.methods.contains(key)) {
                return info.natives.contains(key) ? new Declared(type.replace('/', '.'), info.file) : null;
            }
            type = info.superName;
        }
        return null;
    }

    private synchronized ClassInfo info(ClassLoader loader, String type) {
        Map<String, ClassInfo> known = loader == null ? boot : cache.computeIfAbsent(loader, l -> new HashMap<>());
        ClassInfo info = known.get(type);
        if (info == null) {
            info = read(loader, type);
            known.put(type, info);
        }
        return info;
    }

    private static ClassInfo read(ClassLoader loader, String type) {
        String resource = type + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            if (in == null) {
                return MISSING;
            }
            ClassInfo info = new ClassInfo();
            new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                    info.superName = superName;
                }

                @Override
                public void visitSource(String source, String debug) {
                    info.file = source;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                    info.methods.add(name + desc);
                    if ((access & Opcodes.ACC_NATIVE) != 0) {
                        info.natives.add(name + desc);
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
            return info;
        } catch (IOException | RuntimeException e) {
            return MISSING;
        }
    }
}
