package io.gilguard.report;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the application does at exit, for {@code failOn}: the status it chose and the shutdown
 * hooks it registered. The JVM keeps neither where a hook can read it, so: {@code Runtime.exit}
 * gets one statement at its start that puts the status in a system property (JDK types only, so
 * java.base links it), and the JDK's table of application hooks is read by reflection, its
 * package opened to gilguard alone. Either can fail on some JDK: then the status is taken as
 * unknown, or the other hooks are not waited for, and the exit line says so.
 */
public final class AppExit {
    static final String STATUS = "gilguard.exitStatus";
    private final Instrumentation instrumentation;
    private Map<?, ?> hooks;
    private String notWatched;

    private AppExit(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** Starts watching {@code Runtime.exit}; call once, at start-up or attach. */
    public static AppExit watch(Instrumentation instrumentation) {
        AppExit app = new AppExit(instrumentation);
        ClassFileTransformer exitStatus = new ExitStatus();
        try {
            instrumentation.addTransformer(exitStatus, true);
            instrumentation.retransformClasses(Runtime.class);
        } catch (Throwable t) {
            app.notWatched = "the application's exit status is not known (" + t + ")";
        }
        return app;
    }

    /** Reads the hook table; call after a hook was added, when the table surely exists. */
    void hooksKnown() {
        try {
            Class<?> table = Class.forName("java.lang.ApplicationShutdownHooks");
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(AppExit.class.getModule())), Set.of(), Map.of());
            Field field = table.getDeclaredField("hooks");
            field.setAccessible(true);
            // the JDK nulls the field when shutdown starts, but the map itself stays as it was
            hooks = (Map<?, ?>) field.get(null);
        } catch (Throwable t) {
            notWatched = "the application's shutdown hooks are not waited for (" + t + ")";
        }
    }

    /**
     * Waits for every other application hook to end, {@code millis} in all; returns what was
     * not waited for (a hook still running, or no table), null if all ended.
     */
    String awaitOtherHooks(long millis) {
        if (hooks == null) {
            return notWatched;
        }
        List<Thread> others = new ArrayList<>();
        synchronized (hooks) {
            for (Object hook : hooks.keySet()) {
                if (hook != Thread.currentThread()) {
                    others.add((Thread) hook);
                }
            }
        }
        long end = System.nanoTime() + millis * 1_000_000L;
        List<String> late = new ArrayList<>();
        for (Thread other : others) {
            try {
                other.join(Math.max(1, (end - System.nanoTime()) / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (other.isAlive()) {
                late.add('"' + other.getName() + '"');
            }
        }
        return late.isEmpty() ? null : "shutdown hook " + String.join(", ", late) + " still running after exitWait=" + millis + " ms";
    }

    /** The status given to {@code System.exit}/{@code Runtime.exit}; 0 if none was (main returned), or unknown. */
    int status() {
        return Integer.getInteger(STATUS, 0);
    }

    /** {@code System.setProperty("gilguard.exitStatus", Integer.toString(status))} first in {@code Runtime.exit(int)}. */
    private static final class ExitStatus implements ClassFileTransformer {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                ProtectionDomain domain, byte[] bytes) {
            if (!"java/lang/Runtime".equals(name)) {
                return null;
            }
            try {
                ClassReader reader = new ClassReader(bytes);
                ClassWriter writer = new ClassWriter(reader, 0);
                reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
                        MethodVisitor mv = super.visitMethod(access, method, descriptor, signature, exceptions);
                        if (!method.equals("exit") || !descriptor.equals("(I)V")) {
                            return mv;
                        }
                        return new MethodVisitor(Opcodes.ASM9, mv) {
                            @Override
                            public void visitCode() {
                                super.visitCode();
                                super.visitLdcInsn(STATUS);
                                super.visitVarInsn(Opcodes.ILOAD, 1);
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "toString", "(I)Ljava/lang/String;", false);
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "setProperty",
                                        "(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;", false);
                                super.visitInsn(Opcodes.POP);
                            }

                            @Override
                            public void visitMaxs(int maxStack, int maxLocals) {
                                super.visitMaxs(Math.max(maxStack, 2), maxLocals);
                            }
                        };
                    }
                }, 0);
                return writer.toByteArray();
            } catch (Throwable t) {
                return null;
            }
        }
    }
}
