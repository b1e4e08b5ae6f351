package io.gilguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceRootsTest {
    @TempDir
    Path dir;

    private Path file(String root, String path) throws Exception {
        Path f = dir.resolve(root).resolve(path);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, "class X {}\n");
    }

    @Test
    void theFirstRootThatHasTheFileWins() throws Exception {
        file("b", "com/example/Engine.java");
        file("c", "com/example/Engine.java");
        SourceRoots roots = new SourceRoots(List.of(dir.resolve("a"), dir.resolve("b"), dir.resolve("c")));
        SourceRoots.Source s = roots.find("com.example.Engine", "Engine.java");
        assertEquals(1, s.root);
        assertEquals("com/example/Engine.java", s.path);
    }

    @Test
    void aNestedClassOrALambdaIsInItsOuterClassFile() throws Exception {
        file("a", "com/example/Outer.java");
        SourceRoots roots = new SourceRoots(List.of(dir.resolve("a")));
        assertEquals(0, roots.find("com.example.Outer$Inner", "Outer.java").root);
        assertEquals("com/example/Outer.java", roots.find("com.example.Outer$$Lambda$14/0x1", "Outer.java").path);
    }

    @Test
    void theDefaultPackageIsTheRootItself() throws Exception {
        file("a", "Main.java");
        SourceRoots.Source s = new SourceRoots(List.of(dir.resolve("a"))).find("Main", "Main.java");
        assertEquals(0, s.root);
        assertEquals("Main.java", s.path);
    }

    @Test
    void aFileUnderNoRootIsItsPackagePathAlone() throws Exception {
        file("a", "com/example/Other.java");
        SourceRoots.Source s = new SourceRoots(List.of(dir.resolve("a"), dir.resolve("missing"))).find("com.example.Engine", "Engine.java");
        assertEquals(-1, s.root);
        assertEquals("com/example/Engine.java", s.path);
        assertEquals(-1, new SourceRoots(List.of()).find("com.example.Engine", "Engine.java").root);
    }

    @Test
    void aClassWithoutAFileNameHasNoSource() {
        SourceRoots roots = new SourceRoots(List.of(dir));
        assertNull(roots.find("jdk.proxy1.$Proxy0", null));
        assertNull(roots.find("jdk.proxy1.$Proxy0", ""));
    }

    @Test
    void aFolderOfTheSameNameIsNotTheFile() throws Exception {
        Files.createDirectories(dir.resolve("a/com/example/Engine.java"));
        assertEquals(-1, new SourceRoots(List.of(dir.resolve("a"))).find("com.example.Engine", "Engine.java").root);
    }
}
