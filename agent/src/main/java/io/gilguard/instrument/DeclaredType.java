package io.gilguard.instrument;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * A class as the advice route's seams see it: what its class file says ({@link ClassHeader}),
 * and the names of the types above it, read when a seam first asks ({@link Supertypes}). Nothing
 * is loaded to describe it.
 */
public final class DeclaredType {
    private final String name;
    private final int access;
    private final String superName;
    private final List<String> interfaces;
    private final List<DeclaredMethod> methods;
    private final ClassLoader loader;
    /** What it was read from; null when it was described by reflection. */
    private final ClassHeader header;
    private List<String> typeNames;

    private DeclaredType(String name, int access, String superName, List<String> interfaces,
                         List<DeclaredMethod> methods, ClassLoader loader, ClassHeader header) {
        this.name = name;
        this.access = access;
        this.superName = superName;
        this.interfaces = interfaces;
        this.methods = methods;
        this.loader = loader;
        this.header = header;
    }

    /** From its class file's header; {@code loader} reads the class files of its supertypes. */
    public static DeclaredType of(ClassHeader header, ClassLoader loader) {
        List<DeclaredMethod> methods = new ArrayList<>(header.methodCount());
        for (int i = 0; i < header.methodCount(); i++) {
            methods.add(new DeclaredMethod(header.methodName(i), header.methodDescriptor(i), header.methodAccess(i)));
        }
        return new DeclaredType(header.name(), header.access(), header.superName(), header.interfaceNames(), methods,
                loader, header);
    }

    /**
     * A loaded class without a class file to read (a {@code java.lang.reflect.Proxy} class), or
     * one an attach's self-check looks at: by reflection, which loads what its methods' types are.
     */
    public static DeclaredType of(Class<?> c) {
        List<DeclaredMethod> methods = new ArrayList<>();
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            methods.add(new DeclaredMethod("<init>", Type.getConstructorDescriptor(k), k.getModifiers()
                    | (k.isSynthetic() ? Opcodes.ACC_SYNTHETIC : 0)));
        }
        for (Method m : c.getDeclaredMethods()) {
            methods.add(new DeclaredMethod(m.getName(), Type.getMethodDescriptor(m), m.getModifiers()
                    | (m.isSynthetic() ? Opcodes.ACC_SYNTHETIC : 0) | (m.isBridge() ? Opcodes.ACC_BRIDGE : 0)));
        }
        List<String> interfaces = new ArrayList<>();
        for (Class<?> i : c.getInterfaces()) {
            interfaces.add(i.getName());
        }
        Class<?> superClass = c.getSuperclass();
        return new DeclaredType(c.getName(), c.getModifiers() | (c.isSynthetic() ? Opcodes.ACC_SYNTHETIC : 0),
                superClass == null ? null : superClass.getName(), interfaces, methods, c.getClassLoader(), null);
    }

    /** Java form, with dots. */
    public String name() {
        return name;
    }

    public boolean isSynthetic() {
        return (access & Opcodes.ACC_SYNTHETIC) != 0;
    }

    /** Java form; null for {@code java.lang.Object} (and an interface read by reflection). */
    public String superName() {
        return superName;
    }

    /** Constructors and the initializer included, as the class file lists them. */
    public List<DeclaredMethod> methods() {
        return methods;
    }

    public ClassLoader loader() {
        return loader;
    }

    /** Its class file, when it was described from one; null when by reflection. */
    public byte[] bytes() {
        return header == null ? null : header.bytes();
    }

    /** Its class file's header; null when it was described by reflection. */
    public ClassHeader header() {
        return header;
    }

    /** The class and every class and interface above it, nearest first: an upcall rule names any of them. */
    public List<String> typeNames() {
        if (typeNames == null) {
            boolean isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
            typeNames = Supertypes.names(name, isInterface ? null : superName, interfaces, loader);
        }
        return typeNames;
    }
}
