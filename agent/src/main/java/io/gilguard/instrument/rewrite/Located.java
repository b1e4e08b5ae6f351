package io.gilguard.instrument.rewrite;

import io.gilguard.runtime.Sites;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** A rewrite that numbers the sites it rewrites: it knows its class, its source file and, in each method, the line. */
abstract class Located extends ClassVisitor {
    String className;
    String file;

    Located(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        className = name.replace('/', '.');
        super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public void visitSource(String source, String debug) {
        file = source;
        super.visitSource(source, debug);
    }

    /** A method of the class, at its current line. */
    abstract class Method extends MethodVisitor {
        private final String method;
        private int line = -1;

        Method(MethodVisitor next, String method) {
            super(Opcodes.ASM9, next);
            this.method = method;
        }

        @Override
        public void visitLineNumber(int lineNumber, Label start) {
            line = lineNumber;
            super.visitLineNumber(lineNumber, start);
        }

        /** The number of the site at the current line. */
        int site() {
            return Sites.register(className, method, file, line);
        }
    }
}
