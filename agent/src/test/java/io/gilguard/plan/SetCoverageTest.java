package io.gilguard.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.rules.RuleSet;
import io.gilguard.rules.RuleSources;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * What is said at exit of a built-in set's rules that met nothing, against a "library" of class
 * files made here: the set's classes present with their methods (not used), a method gone (another
 * version), nothing on the class path (not checked), and a user's own lines left as they are.
 */
class SetCoverageTest {

    @Test
    void aSetNoneOfWhoseRulesMetAnythingIsOneLine(@TempDir Path dir) throws Exception {
        RuleSet rules = RuleSources.parse("builtin:jna");
        List<String> lines = SetCoverage.lines(rules, List.of(lines(rules).get(0), lines(rules).get(1)), library(dir, "invokeInt"));
        assertEquals(List.of("builtin:jna: none of its 2 rules met anything: net.java.dev.jna:jna was not used in this run"), lines);
    }

    @Test
    void aRulePresentInTheLibraryWasOnlyNotUsed(@TempDir Path dir) throws Exception {
        RuleSet rules = RuleSources.parse("builtin:jna");
        List<String> lines = SetCoverage.lines(rules, List.of(lines(rules).get(1)), library(dir, "invokeInt"));
        assertEquals(List.of("builtin:jna: 1 of its 2 rules met nothing in this run (parts of net.java.dev.jna:jna it did not use): "
                + where(rules, 1)), lines);
    }

    @Test
    void aMethodGoneIsAnotherVersion(@TempDir Path dir) throws Exception {
        RuleSet rules = RuleSources.parse("builtin:jna");
        List<String> lines = SetCoverage.lines(rules, List.of(lines(rules).get(0)), library(dir, "call"));
        assertEquals(List.of("builtin:jna was written for net.java.dev.jna:jna 5.19.1; the version in use lacks what 1 of its"
                + " 2 rules name: com.sun.jna.Native#invoke* (" + where(rules, 0) + ")"), lines);
    }

    @Test
    void theUsersOwnLinesStayAsTheyAre(@TempDir Path dir) throws Exception {
        Path app = Files.writeString(dir.resolve("app.rules"), "lock app = static com.example.App.LOCK\n");
        RuleSet rules = RuleSources.parse("builtin:jna+" + app);
        String mine = "lock 'app': com.example.App.LOCK was never assigned in a class gilguard saw";
        assertEquals(List.of(mine), SetCoverage.lines(rules, List.of(mine), library(dir, "invokeInt")));
    }

    /** The coverage lines of the set's two rules, as Coverage says them. */
    private static List<String> lines(RuleSet rules) {
        return List.of("rule " + where(rules, 0) + " matched no method: downcall com.sun.jna.Native#invoke* (native methods only)",
                "rule " + where(rules, 1) + " matched no method: upcall com.sun.jna.CallbackProxy#callback");
    }

    private static String where(RuleSet rules, int i) {
        return rules.boundaries().get(i).where();
    }

    /** A class path with com.sun.jna.Native (one static method named {@code method}) and the interface CallbackProxy#callback. */
    private static ClassLoader library(Path dir, String method) throws Exception {
        write(dir, "com/sun/jna/Native", Opcodes.ACC_PUBLIC, method);
        write(dir, "com/sun/jna/CallbackProxy", Opcodes.ACC_PUBLIC | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT, "callback");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    private static void write(Path dir, String name, int access, String method) throws Exception {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V17, access, name, null, "java/lang/Object", null);
        w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_NATIVE, method, "()I", null, null).visitEnd();
        w.visitEnd();
        Path file = dir.resolve(name + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, w.toByteArray());
    }
}
