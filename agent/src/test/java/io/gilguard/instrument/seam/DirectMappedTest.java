package io.gilguard.instrument.seam;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.instrument.ClassHeader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** A JNA direct-mapped class is told by its class file: some method calls com.sun.jna.Native.register. */
class DirectMappedTest {
    /** A class whose static initializer calls {@code owner.register(Class)}, and one native method. */
    private static byte[] registering(String name, String owner) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_NATIVE, "qsort", "()V", null, null).visitEnd();
        MethodVisitor clinit = w.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        clinit.visitCode();
        clinit.visitLdcInsn(org.objectweb.asm.Type.getObjectType(name));
        clinit.visitMethodInsn(Opcodes.INVOKESTATIC, owner, "register", "(Ljava/lang/Class;)V", false);
        clinit.visitInsn(Opcodes.RETURN);
        clinit.visitMaxs(0, 0);
        clinit.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    /** A loader that has these class files as resources, and defines nothing. */
    private static ClassLoader files(Map<String, byte[]> classes) {
        return new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                byte[] bytes = classes.get(name);
                return bytes == null ? null : new ByteArrayInputStream(bytes);
            }
        };
    }

    @Test
    void aClassThatCallsNativeRegisterIsDirectMapped() {
        ClassLoader loader = files(Map.of("a/Direct.class", registering("a/Direct", "com/sun/jna/Native"),
                "a/Jni.class", registering("a/Jni", "a/Other")));
        DirectMapped direct = new DirectMapped();
        assertTrue(direct.is(loader, "a.Direct", null));
        assertFalse(direct.is(loader, "a.Jni", null), "register of another class");
        assertFalse(direct.is(loader, "a.Missing", null), "no class file");
        assertFalse(direct.is(null, "a.Direct", null), "the boot loader's classes are the JDK's");
    }

    /** In a transform the class file is at hand: the answer is the same, and the loader is never asked. */
    @Test
    void theClassFileAtHandIsReadNotTheLoaders() {
        ClassLoader nothing = files(Map.of());
        DirectMapped direct = new DirectMapped();
        assertTrue(direct.is(nothing, "a.Direct", ClassHeader.of(registering("a/Direct", "com/sun/jna/Native"))));
        assertFalse(direct.is(nothing, "a.Jni", ClassHeader.of(registering("a/Jni", "a/Other"))), "register of another class");
        // a class that names com/sun/jna/Native but calls no register of it
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "a/Names", null, "com/sun/jna/Native", null);
        w.visitEnd();
        assertFalse(direct.is(nothing, "a.Names", ClassHeader.of(w.toByteArray())));
    }
}
