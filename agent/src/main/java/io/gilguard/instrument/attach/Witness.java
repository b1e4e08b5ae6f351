package io.gilguard.instrument.attach;

import io.gilguard.instrument.Retransform;
import io.gilguard.instrument.SelfCheck;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Reads back the bytecode the JVM really runs for some classes: it retransforms them once more
 * with a transformer of its own last in line, which sees what all the others made of them. The
 * self-check looks there for gilguard's calls, instead of trusting that a transformation the
 * JVM might have refused took effect; detach looks there for what must be gone.
 */
final class Witness implements SelfCheck.Running {
    private final Instrumentation instrumentation;
    private final Consumer<String> errors;
    /** Per class, per method ({@code name descriptor}), the methods it calls ({@code owner.name}). */
    private final Map<Class<?>, Map<String, Set<String>>> calls = new ConcurrentHashMap<>();
    private final Set<Class<?>> tried = new HashSet<>();

    Witness(Instrumentation instrumentation, Consumer<String> errors) {
        this.instrumentation = instrumentation;
        this.errors = errors;
    }

    @Override
    public void read(Collection<Class<?>> classes) {
        List<Class<?>> fresh = new ArrayList<>();
        for (Class<?> c : classes) {
            if (tried.add(c)) {
                fresh.add(c);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Set<Class<?>> wanted = new HashSet<>(fresh);
        ClassFileTransformer reader = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                    ProtectionDomain domain, byte[] bytes) {
                if (redefined != null && wanted.contains(redefined)) {
                    try {
                        calls.put(redefined, callsIn(bytes));
                    } catch (Throwable t) {
                        // unreadable: the class counts as not read back, and is said so by the caller
                    }
                }
                return null;
            }
        };
        instrumentation.addTransformer(reader, true);
        try {
            Retransform.classes(instrumentation, fresh, "read back", errors);
        } finally {
            instrumentation.removeTransformer(reader);
        }
    }

    @Override
    public boolean read(Class<?> c) {
        return calls.containsKey(c);
    }

    @Override
    public boolean calls(Class<?> c, String method, String target) {
        Map<String, Set<String>> methods = calls.get(c);
        return methods != null && methods.getOrDefault(method, Set.of()).contains(target);
    }

    /** Whether any method of {@code c} calls into the package with internal name prefix {@code prefix}. */
    boolean callsInto(Class<?> c, String prefix) {
        Map<String, Set<String>> methods = calls.get(c);
        if (methods == null) {
            return false;
        }
        for (Set<String> targets : methods.values()) {
            for (String t : targets) {
                if (t.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, Set<String>> callsIn(byte[] bytes) {
        Map<String, Set<String>> calls = new HashMap<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                Set<String> targets = calls.computeIfAbsent(name + descriptor, k -> new HashSet<>());
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String callee, String calleeDescriptor, boolean isInterface) {
                        targets.add(owner + "." + callee);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return calls;
    }
}
