package io.gilguard.instrument.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gilguard.instrument.ClassFilesUnder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The source file and each method's first line, read from the class file's attributes, as ASM reads them. */
class SourceLinesTest {
    @Test
    void agreesWithAsmOnTheJdksClassesAndOnThisModulesOwn() throws IOException {
        List<Path> classes = new ArrayList<>(ClassFilesUnder.jdk("/modules/java.base/java/util/concurrent"));
        classes.addAll(ClassFilesUnder.of(Path.of("target/classes/io/gilguard/instrument")));
        assertTrue(classes.size() > 200, "classes read: " + classes.size());
        int lines = 0;
        for (Path p : classes) {
            byte[] bytes = Files.readAllBytes(p);
            SourceLines read = SourceLines.of(bytes);
            String[] file = {null};
            Map<String, Integer> first = new HashMap<>();
            List<String> methods = new ArrayList<>();
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visitSource(String source, String debug) {
                    file[0] = source;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String d, String sig, String[] ex) {
                    methods.add(name + d);
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitLineNumber(int line, Label start) {
                            first.putIfAbsent(name + d, line);
                        }
                    };
                }
            }, ClassReader.SKIP_FRAMES);
            assertEquals(file[0], read.file(), p.toString());
            for (String m : methods) {
                int line = first.getOrDefault(m, -1);
                assertEquals(line, read.firstLine(m.substring(0, m.indexOf('(')), m.substring(m.indexOf('('))), p + " " + m);
                lines += line >= 0 ? 1 : 0;
            }
        }
        assertTrue(lines > 1000, "methods with a line: " + lines);
    }
}
