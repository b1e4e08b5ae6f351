package io.gilguard.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What a class file says of a class without its code: its name, superclass, whether it names
 * interfaces, and the names and flags of the methods it declares. Read for every class that loads, it lets the
 * advice route pass by a class no seam can advise without describing it (see
 * {@link Seam#mayAdvise}).
 */
public final class ClassHeader {
    private final String name;
    private final String superName;
    private final boolean interfaces;
    private final List<String> methods = new ArrayList<>();
    private final List<Integer> access = new ArrayList<>();

    private ClassHeader(ClassReader reader) {
        name = reader.getClassName().replace('/', '.');
        superName = reader.getSuperName() == null ? null : reader.getSuperName().replace('/', '.');
        interfaces = reader.getInterfaces().length > 0;
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int flags, String method, String descriptor, String signature,
                                             String[] exceptions) {
                methods.add(method);
                access.add(flags);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    }

    public static ClassHeader of(byte[] bytes) {
        return new ClassHeader(new ClassReader(bytes));
    }

    /** Java form, with dots. */
    public String name() {
        return name;
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
        return "java.lang.Object".equals(superName) && !interfaces;
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
}
