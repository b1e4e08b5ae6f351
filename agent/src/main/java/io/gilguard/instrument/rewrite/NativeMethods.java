package io.gilguard.instrument.rewrite;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
 * is followed up the superclasses. For calls through a supertype, it also tells what a class
 * declares and which types are above it.
 */
public final class NativeMethods {
    /** {@link #access}: the class declares no such method. */
    public static final int NOT_DECLARED = -1;
    /** {@link #access}: the class has no class file to read (hidden, generated at run time). */
    public static final int UNREADABLE = -2;

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
        String[] interfaces = {};
        String file;
        /** {@code name descriptor} of each declared method, to its access flags. */
        final Map<String, Integer> methods = new HashMap<>();
        /** Every superclass and interface above it, once asked. */
        Set<String> supertypes;
    }

    private static final ClassInfo MISSING = new ClassInfo();
    private static final int MAX_DEPTH = 32;
    private static final int NOT_OVERRIDABLE = Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL;

    private final Map<ClassLoader, Map<String, ClassInfo>> cache = new WeakHashMap<>();
    private final Map<String, ClassInfo> boot = new HashMap<>();

    /** The class declaring {@code owner.name descriptor} when that method is native, else null. */
    public Declared nativeMethod(ClassLoader loader, String owner, String name, String descriptor) {
        String type = declaring(loader, owner, name + descriptor);
        if (type == null) {
            return null;
        }
        ClassInfo info = info(loader, type);
        return (info.methods.get(name + descriptor) & Opcodes.ACC_NATIVE) != 0
                ? new Declared(type.replace('/', '.'), info.file) : null;
    }

    /**
     * Whether a subclass may override what {@code invokevirtual owner.name descriptor} calls: not
     * a private (a nestmate's call), static or final method found up the superclasses. A method
     * declared only by an interface may be.
     */
    public boolean overridable(ClassLoader loader, String owner, String name, String descriptor) {
        String type = declaring(loader, owner, name + descriptor);
        return type == null || (info(loader, type).methods.get(name + descriptor) & NOT_OVERRIDABLE) == 0;
    }

    /** Access flags of the method {@code type} declares as {@code key} (name descriptor), {@link #NOT_DECLARED} or {@link #UNREADABLE}. */
    public int access(ClassLoader loader, String type, String key) {
        ClassInfo info = info(loader, type);
        return info == MISSING ? UNREADABLE : info.methods.getOrDefault(key, NOT_DECLARED);
    }

    /** The class {@code type} (internal name) as a site names it, or null without a class file. */
    public Declared declared(ClassLoader loader, String type) {
        ClassInfo info = info(loader, type);
        return info == MISSING ? null : new Declared(type.replace('/', '.'), info.file);
    }

    /** Every superclass and interface above {@code type} (internal names), as far as class files are found. */
    public synchronized Set<String> supertypes(ClassLoader loader, String type) {
        ClassInfo start = info(loader, type);
        if (start.supertypes == null) {
            Set<String> above = new LinkedHashSet<>();
            Deque<String> next = new ArrayDeque<>();
            push(start, next);
            while (!next.isEmpty()) {
                String t = next.pop();
                if (above.add(t)) {
                    push(info(loader, t), next);
                }
            }
            start.supertypes = Set.copyOf(above);
        }
        return start.supertypes;
    }

    private static void push(ClassInfo info, Deque<String> next) {
        if (info.superName != null) {
            next.push(info.superName);
        }
        for (String i : info.interfaces) {
            next.push(i);
        }
    }

    /** The first of {@code owner} and its superclasses to declare {@code key}, or null. */
    private String declaring(ClassLoader loader, String owner, String key) {
        String type = owner;
        for (int depth = 0; type != null && depth < MAX_DEPTH && type.charAt(0) != '['; depth++) {
            ClassInfo info = info(loader, type);
            if (info == MISSING) {
                return null;
            }
            if (info.methods.containsKey(key)) {
                return type;
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
                    info.interfaces = interfaces == null ? new String[0] : interfaces;
                }

                @Override
                public void visitSource(String source, String debug) {
                    info.file = source;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                    info.methods.put(name + desc, access);
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
            return info;
        } catch (IOException | RuntimeException e) {
            return MISSING;
        }
    }
}
