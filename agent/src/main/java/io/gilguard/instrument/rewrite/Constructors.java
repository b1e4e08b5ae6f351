package io.gilguard.instrument.rewrite;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which constructors of a class delegate to another of its own ({@code this(...)}): the one they
 * call makes the object owned, once. Read before the class is rewritten, since the rewrite has
 * to decide at the start of a constructor, before it sees the call.
 */
public final class Constructors {
    private Constructors() {}

    /** The descriptors of the constructors that call {@code this(...)}. */
    public static Set<String> delegating(ClassReader reader) {
        Set<String> found = new HashSet<>();
        String self = reader.getClassName();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if (!name.equals("<init>")) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    private final Deque<String> news = new ArrayDeque<>();
                    private boolean decided;

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        if (opcode == Opcodes.NEW) {
                            news.push(type);
                        }
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (decided || opcode != Opcodes.INVOKESPECIAL || !method.equals("<init>")) {
                            return;
                        }
                        if (!news.isEmpty() && news.peek().equals(owner)) {
                            news.pop(); // new X(...) inside the constructor, not the call that initializes this
                        } else {
                            decided = true;
                            if (owner.equals(self)) {
                                found.add(descriptor);
                            }
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found;
    }
}
