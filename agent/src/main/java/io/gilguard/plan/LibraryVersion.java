package io.gilguard.plan;

import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.LockRule;
import io.gilguard.rules.MethodPattern;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Whether what a rule names exists in the library on the class path: its class, and a method
 * (or field) of the name the rule gives. Read from the class files, at exit, only for the rules
 * of a built-in set that matched nothing: a class or method gone is a version the set was not
 * written for; one that is there was only not used in this run.
 */
final class LibraryVersion {
    private final ClassLoader loader;

    LibraryVersion(ClassLoader loader) {
        this.loader = loader;
    }

    /** What the rule names that the library lacks ({@code CLASS}, {@code CLASS#METHOD}); null if all is there or it cannot tell (a glob in the class). */
    String lacks(BoundaryRule rule) {
        MethodPattern p = rule.pattern();
        if (p == null || p.type().toString().contains("*")) {
            return null;
        }
        String type = p.type().toString();
        Members members = members(type);
        if (members == null) {
            return type;
        }
        // a method may be inherited: the class's supertypes are looked at too, as far as they are on the class path
        List<Members> seen = new ArrayList<>();
        for (List<Members> next = List.of(members); !next.isEmpty() && seen.size() < 64; ) {
            List<Members> after = new ArrayList<>();
            for (Members m : next) {
                for (String n : m.methods) { // a loop, not a stream's lambda (NoLambdaTest)
                    if (p.method().matches(n)) {
                        return null;
                    }
                }
                seen.add(m);
                for (String up : m.supertypes) {
                    Members u = members(up);
                    if (u != null) {
                        after.add(u);
                    }
                }
            }
            next = after;
        }
        return type + "#" + p.method();
    }

    String lacks(LockRule lock) {
        if (lock.owner() == null || lock.owner().contains("*")) {
            return null;
        }
        Members members = members(lock.owner());
        if (members == null) {
            return lock.owner();
        }
        return lock.field() == null || members.fields.contains(lock.field()) ? null : lock.owner() + "." + lock.field();
    }

    /** Whether the class file is on the class path at all: the library is there to be checked. */
    boolean has(String type) {
        return type != null && !type.contains("*") && loader.getResource(type.replace('.', '/') + ".class") != null;
    }

    private static final class Members {
        final List<String> methods = new ArrayList<>();
        final List<String> fields = new ArrayList<>();
        final List<String> supertypes = new ArrayList<>();
    }

    private Members members(String type) {
        try (InputStream in = loader.getResourceAsStream(type.replace('.', '/') + ".class")) {
            if (in == null) {
                return null;
            }
            Members members = new Members();
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                    if (superName != null && !superName.equals("java/lang/Object")) {
                        members.supertypes.add(superName.replace('/', '.'));
                    }
                    for (String i : interfaces == null ? new String[0] : interfaces) {
                        members.supertypes.add(i.replace('/', '.'));
                    }
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                    members.methods.add(name);
                    return null;
                }

                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                    members.fields.add(name);
                    return null;
                }
            }, ClassReader.SKIP_CODE);
            return members;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
