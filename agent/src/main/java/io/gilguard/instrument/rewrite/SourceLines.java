package io.gilguard.instrument.rewrite;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** A class file's source file name and the first line of each method, to name boundary sites. */
public final class SourceLines {
    private String file;
    private final Map<String, Integer> firstLines = new HashMap<>();

    public static SourceLines of(byte[] classFile) {
        SourceLines lines = new SourceLines();
        if (classFile != null) {
            new ClassReader(classFile).accept(lines.new Reader(), ClassReader.SKIP_FRAMES);
        }
        return lines;
    }

    public String file() {
        return file;
    }

    /** The line of the method's first instruction, -1 if unknown (or native). */
    public int firstLine(String name, String descriptor) {
        return firstLines.getOrDefault(name + descriptor, -1);
    }

    private final class Reader extends ClassVisitor {
        Reader() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visitSource(String source, String debug) {
            file = source;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            String key = name + descriptor;
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitLineNumber(int line, Label start) {
                    firstLines.putIfAbsent(key, line);
                }
            };
        }
    }
}
