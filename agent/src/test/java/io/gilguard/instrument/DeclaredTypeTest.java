package io.gilguard.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

/** Classes described from their class files, and the types above them read through a loader. */
class DeclaredTypeTest {
    interface Listener {
        void onEvent(int code);
    }

    interface Named extends Listener {
        String name();
    }

    abstract static class Base extends AbstractList<String> implements Named {
        synchronized void locked() {}
    }

    static final class Leaf extends Base implements Serializable, RandomAccess {
        private static final long serialVersionUID = 1L;

        @Override
        public String get(int i) {
            return "x";
        }

        @Override
        public int size() {
            return 0;
        }

        @Override
        public void onEvent(int code) {}

        @Override
        public String name() {
            return "leaf";
        }

        native long save(String why);

        static void restore(long token) {}
    }

    @Test
    void theTypesAboveAClassAreReadNearestFirstAndTheJdksToo() throws IOException {
        DeclaredType leaf = DeclaredType.of(ClassHeader.of(bytes(Leaf.class)), Leaf.class.getClassLoader());
        assertEquals(Leaf.class.getName(), leaf.name());
        assertEquals(Base.class.getName(), leaf.superName());
        // breadth first: the class, its superclass and interfaces, then theirs, each once
        assertEquals(List.of(Leaf.class.getName(), Base.class.getName(), "java.io.Serializable", "java.util.RandomAccess",
                "java.util.AbstractList", Named.class.getName(), "java.util.AbstractCollection", "java.util.List",
                Listener.class.getName(), "java.lang.Object", "java.util.Collection", "java.lang.Iterable"),
                leaf.typeNames());
    }

    /** The JDK is asked first only for its own packages' names; the others go to their loader alone. */
    @Test
    void onlyANameInTheJdksPackagesIsAskedOfTheJdkFirst() {
        for (String jdk : List.of("java.util.List", "javax.swing.JList", "jdk.internal.misc.Unsafe", "sun.misc.Unsafe",
                "com.sun.management.GcInfo", "org.w3c.dom.Node", "org.xml.sax.Parser")) {
            assertTrue(Supertypes.mayBeJdk(jdk), jdk);
        }
        for (String app : List.of("com.sunrise.App", "org.apache.commons.math3.util.FastMath", "io.gilguard.apps.App",
                "javaxx.Thing", "Leaf")) {
            assertFalse(Supertypes.mayBeJdk(app), app);
        }
        // a JDK class outside those packages: still read, from the JDK, when no loader finds it
        List<String> above = Supertypes.of("org.jcp.xml.dsig.internal.dom.DOMReference", null);
        assertEquals(List.of("org.jcp.xml.dsig.internal.dom.DOMReference", "org.jcp.xml.dsig.internal.dom.DOMStructure",
                "javax.xml.crypto.dsig.Reference", "javax.xml.crypto.dom.DOMURIReference"), above.subList(0, 4));
        assertTrue(above.contains("java.lang.Object"), above.toString());
    }

    @Test
    void aTypeWhoseClassFileCannotBeReadIsNamedAndNothingAboveIt() throws IOException {
        ClassLoader blind = new ClassLoader(null) {}; // finds no class file of the application's
        DeclaredType leaf = DeclaredType.of(ClassHeader.of(bytes(Leaf.class)), blind);
        assertEquals(List.of(Leaf.class.getName(), Base.class.getName(), "java.io.Serializable", "java.util.RandomAccess"),
                leaf.typeNames());
    }

    @Test
    void methodsAreTheClassFilesAndReflectionAgrees() throws IOException {
        DeclaredType read = DeclaredType.of(ClassHeader.of(bytes(Leaf.class)), Leaf.class.getClassLoader());
        DeclaredType reflected = DeclaredType.of(Leaf.class);
        assertEquals(signatures(read), signatures(reflected), "the initializer aside, the same methods");
        DeclaredMethod save = method(read, "save");
        assertTrue(save.isNative());
        assertFalse(save.hasCode());
        assertEquals(List.of("java.lang.String"), save.parameters());
        assertEquals(Type.LONG_TYPE, save.returnType());
        DeclaredMethod restore = method(read, "restore");
        assertTrue(restore.isStatic());
        assertEquals(Type.LONG_TYPE, restore.firstParameter());
        assertNull(method(read, "size").firstParameter());
        assertTrue(method(read, "<init>").isInitializer());
        assertFalse(method(read, "<init>").hasCode(), "a constructor is never an upcall");
        assertTrue(method(read, "onEvent").hasCode());
        List<DeclaredMethod> bridges = read.methods().stream().filter(m -> m.name().equals("get")
                && !m.descriptor().endsWith("Ljava/lang/String;")).collect(Collectors.toList());
        assertEquals(1, bridges.size(), "javac's bridge get(int)Object");
        assertFalse(bridges.get(0).hasCode(), "a bridge is not the method a rule means");
        assertFalse(bridges.get(0).equals(method(reflected, "size")));
        assertTrue(reflected.methods().stream().anyMatch(m -> m.signature().equals(bridges.get(0).signature())
                && !m.hasCode()), "reflection tells the bridge too");
    }

    private static List<String> signatures(DeclaredType type) {
        return type.methods().stream().filter(m -> !m.name().equals("<clinit>")).map(m -> m.signature() + "/" + m.access())
                .sorted().collect(Collectors.toList());
    }

    private static DeclaredMethod method(DeclaredType type, String name) {
        return type.methods().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static byte[] bytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        }
    }
}
