package io.gilguard.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The header read from real class files: what the advice route may pass a class by on. */
class ClassHeaderTest {
    static class Plain {
        synchronized void locked() {}

        static synchronized void staticLocked() {}
    }

    static class Child extends Plain implements Serializable {
        private static final long serialVersionUID = 1L;

        native void call();
    }

    static class Blocks {
        static final Object GUARD = new Object();
        final ReentrantLock lock = new ReentrantLock();

        int guarded(int x) {
            synchronized (GUARD) {
                return x + 1;
            }
        }

        void locked() {
            lock.lock();
            lock.unlock();
        }
    }

    @Test
    void aClassExtendingObjectAloneIsToldSo() throws IOException {
        ClassHeader plain = ClassHeader.of(bytes(Plain.class));
        assertEquals(Plain.class.getName(), plain.name());
        assertEquals("java.lang.Object", plain.superName());
        assertTrue(plain.extendsObjectOnly());
        ClassHeader child = ClassHeader.of(bytes(Child.class));
        assertEquals(Plain.class.getName(), child.superName());
        assertFalse(child.extendsObjectOnly());
    }

    @Test
    void methodsAreToldByNameAndFlagsConstructorsLeftOut() throws IOException {
        ClassHeader plain = ClassHeader.of(bytes(Plain.class));
        assertTrue(plain.declaresMethod("locked"::equals));
        assertFalse(plain.declaresMethod(m -> m.startsWith("<")), "constructors and initializers");
        assertTrue(plain.declaresMethodWith(Opcodes.ACC_SYNCHRONIZED, Opcodes.ACC_STATIC));
        assertFalse(plain.declaresMethodWith(Opcodes.ACC_NATIVE, 0));
        ClassHeader child = ClassHeader.of(bytes(Child.class));
        assertTrue(child.declaresMethodWith(Opcodes.ACC_NATIVE, 0));
        assertFalse(child.declaresMethodWith(Opcodes.ACC_SYNCHRONIZED, 0), "an inherited method is not declared");
    }

    private static byte[] bytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void monitorsAndNamesAreToldFromTheBytes() throws IOException {
        ClassHeader blocks = ClassHeader.of(bytes(Blocks.class));
        assertTrue(blocks.entersMonitors(), "a synchronized block");
        assertTrue(blocks.mentions("java/util/concurrent/locks/ReentrantLock"));
        assertTrue(blocks.mentions("GUARD"), "a field it declares and reads");
        assertFalse(blocks.mentions("java/util/concurrent/locks/Lock"));
        assertFalse(blocks.mentions("GUAR"));
        assertTrue(blocks.mentionsPrefix("GUAR"), "a rule's GUAR*");
        assertTrue(blocks.mentionsPrefix("GUARD"), "the whole name is its own prefix");
        assertFalse(blocks.mentionsPrefix("GUARDS"));
        ClassHeader plain = ClassHeader.of(bytes(Plain.class));
        assertFalse(plain.entersMonitors(), "synchronized methods are a flag, not code");
        assertFalse(plain.mentions("java/util/concurrent/locks/ReentrantLock"));
        assertTrue(plain.mentions("caf\u00e9"), "a name that is not ASCII is never ruled out");
    }

    @Test
    void anyOfSeveralNamesInOneWalk() throws IOException {
        ClassHeader blocks = ClassHeader.of(bytes(Blocks.class));
        assertTrue(blocks.mentionsAny(PoolNames.of(List.of("java/util/concurrent/locks/Lock", "GUARD"))));
        assertTrue(blocks.mentionsAny(PoolNames.of(List.of("GUARX", "GUARD", "GUARY"))), "among names of one length");
        assertFalse(blocks.mentionsAny(PoolNames.of(List.of("java/util/concurrent/locks/Lock", "GUAR", "GUARDS", "q9"))));
        assertFalse(blocks.mentionsAny(PoolNames.of(List.of())));
        assertTrue(blocks.mentionsAny(PoolNames.of(List.of("GUAR", "caf\u00e9"))), "a name not ASCII is never ruled out");
    }

    static class Lambdas {
        final Runnable task = () -> {};
        final java.util.Comparator<String> order = String::compareTo;

        String label(int n) {
            return "n=" + n;
        }
    }

    @Test
    void theNamesOfItsCallSitesAreTheInterfaceMethodsItsLambdasImplement() throws IOException {
        ClassHeader lambdas = ClassHeader.of(bytes(Lambdas.class));
        assertTrue(lambdas.makesCallSiteNamed("run"::equals), "a lambda");
        assertTrue(lambdas.makesCallSiteNamed("compare"::equals), "a method reference");
        assertTrue(lambdas.makesCallSiteNamed("makeConcatWithConstants"::equals), "javac's string concatenation");
        assertFalse(lambdas.makesCallSiteNamed("compareTo"::equals), "the referenced method is not the site's name");
        assertFalse(ClassHeader.of(bytes(Blocks.class)).makesCallSiteNamed(n -> true), "no invokedynamic");
    }

    @Test
    void aMalformedClassFileIsRefusedForAsmToRead() throws IOException {
        byte[] good = bytes(Blocks.class);
        assertThrows(IllegalArgumentException.class, () -> ClassHeader.of(Arrays.copyOf(good, good.length / 2)));
        assertThrows(IllegalArgumentException.class, () -> ClassHeader.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    }

    /**
     * Against ASM on the classes of java.base's java.util: every header field (flags, interfaces,
     * each method's name, descriptor and flags, in order), and whether the code enters a monitor.
     */
    @Test
    void agreesWithAsmOnTheJdksOwnClasses() throws IOException {
        List<Path> classes = ClassFilesUnder.jdk("/modules/java.base/java/util");
        assertTrue(classes.size() > 300, "classes read: " + classes.size());
        int monitors = 0;
        for (Path p : classes) {
            byte[] b = Files.readAllBytes(p);
            ClassHeader h = ClassHeader.of(b);
            ClassReader r = new ClassReader(b);
            assertEquals(r.getClassName().replace('/', '.'), h.name(), p.toString());
            assertEquals(r.getSuperName() == null ? null : r.getSuperName().replace('/', '.'), h.superName(), p.toString());
            assertEquals(r.getAccess(), h.access(), p.toString());
            assertEquals(Stream.of(r.getInterfaces()).map(i -> i.replace('/', '.')).toList(), h.interfaceNames(), p.toString());
            boolean[] entered = {false};
            List<String> methods = new ArrayList<>();
            List<String> declared = new ArrayList<>();
            List<Boolean> monitorMethods = new ArrayList<>();
            r.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String d, String sig, String[] ex) {
                    methods.add(name + "/" + access);
                    declared.add(name + d + "/" + (access & 0xFFFF));
                    int m = monitorMethods.size();
                    monitorMethods.add(false);
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitInsn(int opcode) {
                            entered[0] |= opcode == Opcodes.MONITORENTER;
                            if (opcode == Opcodes.MONITORENTER || opcode == Opcodes.MONITOREXIT) {
                                monitorMethods.set(m, true);
                            }
                        }
                    };
                }
            }, 0);
            for (int m = 0; m < monitorMethods.size(); m++) {
                assertEquals(monitorMethods.get(m), h.methodUsesMonitors(m), p + " " + methods.get(m));
            }
            for (String m : methods) {
                String name = m.substring(0, m.indexOf('/'));
                int access = Integer.parseInt(m.substring(m.indexOf('/') + 1));
                assertTrue(name.startsWith("<") || h.declaresMethod(name::equals), p + " " + name);
                assertEquals(!name.startsWith("<"), h.declaresMethodNamed(PoolNames.of(List.of(name, "q9"))), p + " " + name);
                assertTrue(name.length() < 2 || h.declaresMethodPrefixed(name.substring(0, name.length() - 1)), p + " " + name);
                assertTrue(h.declaresMethodWith(access & 0xFFFF, 0), p + " " + name);
            }
            List<String> sites = new ArrayList<>();
            r.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String d, String sig, String[] ex) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitInvokeDynamicInsn(String site, String d2, org.objectweb.asm.Handle b,
                                                           Object... args) {
                            sites.add(site);
                        }
                    };
                }
            }, 0);
            for (String site : sites) {
                assertTrue(h.makesCallSiteNamed(site::equals), p + " " + site);
                assertTrue(h.makesCallSiteNamed(PoolNames.of(List.of(site))), p + " " + site);
            }
            assertFalse(h.makesCallSiteNamed(PoolNames.of(List.of("q9"))), p.toString());
            assertFalse(h.declaresMethodNamed(PoolNames.of(List.of("q9", "<init>", "<clinit>"))), p + ": initializers are not asked");
            assertEquals(!sites.isEmpty(), h.makesCallSiteNamed(n -> true), p.toString());
            List<String> read = new ArrayList<>();
            for (int i = 0; i < h.methodCount(); i++) {
                read.add(h.methodName(i) + h.methodDescriptor(i) + "/" + h.methodAccess(i));
            }
            assertEquals(declared, read, p.toString());
            if (entered[0]) {
                monitors++;
            }
            assertEquals(entered[0], h.entersMonitors(), p + (entered[0] ? " enters a monitor" : " enters none"));
            assertTrue(h.mentions(r.getClassName()), p.toString());
        }
        assertTrue(monitors > 10, "classes with synchronized blocks: " + monitors);
    }

    /**
     * Operands that read as {@code monitorenter} (0xC2) where no code enters a monitor: a
     * {@code bipush}, a {@code sipush}, a {@code wide} local, both switches' operands and
     * padding, a constant pool index. The same code with one {@code synchronized} block does.
     */
    @Test
    void anOperandThatReadsAsMonitorenterIsNotOne() {
        byte[] none = operandsLikeMonitorenter(false);
        assertTrue(containsByte(none, 0xC2), "the code has the byte");
        assertFalse(ClassHeader.of(none).entersMonitors());
        ClassHeader block = ClassHeader.of(operandsLikeMonitorenter(true));
        assertTrue(block.entersMonitors());
        assertTrue(block.methodUsesMonitors(0));
        assertFalse(ClassHeader.of(none).methodUsesMonitors(0));
    }

    private static boolean containsByte(byte[] bytes, int b) {
        for (byte x : bytes) {
            if ((x & 0xFF) == b) {
                return true;
            }
        }
        return false;
    }

    private static byte[] operandsLikeMonitorenter(boolean withBlock) {
        org.objectweb.asm.ClassWriter w = new org.objectweb.asm.ClassWriter(org.objectweb.asm.ClassWriter.COMPUTE_FRAMES);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "gen/Operands", null, "java/lang/Object", null);
        for (int i = 0; i < 200; i++) {
            w.newConst("constant " + i); // pool entries enough for an index that reads 0x00C2
        }
        MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "m", "(I)I", null, null);
        m.visitCode();
        m.visitIntInsn(Opcodes.BIPUSH, (byte) 0xC2);
        m.visitIntInsn(Opcodes.SIPUSH, 0xC2);
        m.visitInsn(Opcodes.IADD);
        m.visitVarInsn(Opcodes.ISTORE, 0xC2 + 0x100); // wide istore
        m.visitIincInsn(0xC2 + 0x100, 0xC2); // wide iinc
        m.visitLdcInsn("constant 193");
        m.visitInsn(Opcodes.POP);
        if (withBlock) {
            m.visitLdcInsn(org.objectweb.asm.Type.getObjectType("gen/Operands"));
            m.visitInsn(Opcodes.DUP);
            m.visitInsn(Opcodes.MONITORENTER);
            m.visitInsn(Opcodes.MONITOREXIT);
        }
        org.objectweb.asm.Label a = new org.objectweb.asm.Label();
        org.objectweb.asm.Label b = new org.objectweb.asm.Label();
        org.objectweb.asm.Label end = new org.objectweb.asm.Label();
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitTableSwitchInsn(0xC2, 0xC3, end, a, b);
        m.visitLabel(a);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitLookupSwitchInsn(end, new int[] {0xC2, 0xC2C2}, new org.objectweb.asm.Label[] {b, end});
        m.visitLabel(b);
        m.visitLabel(end);
        m.visitVarInsn(Opcodes.ILOAD, 0xC2 + 0x100);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }
}
