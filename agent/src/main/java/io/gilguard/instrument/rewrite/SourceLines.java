package io.gilguard.instrument.rewrite;

import io.gilguard.instrument.ClassHeader;
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

    /**
     * Read from the class file's header ({@link ClassHeader}: its attributes walked, no ASM, which
     * would visit every instruction of every method for a line each); a file the header cannot
     * read goes to ASM.
     */
    public static SourceLines of(byte[] classFile) {
        SourceLines lines = new SourceLines();
        if (classFile == null) {
            return lines;
        }
        try {
            ClassHeader header = ClassHeader.of(classFile);
            lines.file = header.sourceFile();
            for (int i = 0; i < header.methodCount(); i++) {
                int line = header.firstLine(i);
                if (line >= 0) {
                    lines.firstLines.putIfAbsent(header.methodName(i) + header.methodDescriptor(i), line);
                }
            }
            return lines;
        } catch (IllegalArgumentException | IndexOutOfBoundsException unread) {
            SourceLines read = new SourceLines();
            new ClassReader(classFile).accept(read.new Reader(), ClassReader.SKIP_FRAMES);
            return read;
        }
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
