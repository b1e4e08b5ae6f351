package io.gilguard.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.junit.jupiter.api.Test;
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
}
