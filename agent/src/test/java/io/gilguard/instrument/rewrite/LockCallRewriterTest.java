package io.gilguard.instrument.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gilguard.rules.LockRule;
import io.gilguard.rules.RulesParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A lock call whose receiver was likely read from a named lock's static field (the field read
 * last, no call between) passes the lock's number to its hooks (one compare at run time, not a
 * search; the hook confirms it); any other call site, the old hooks.
 */
class LockCallRewriterTest {
    static final class Subject {
        static final ReentrantLock GIL = new ReentrantLock();

        void throughTheField() {
            GIL.lock();
            try {
                GIL.tryLock();
            } finally {
                GIL.unlock();
            }
        }

        void throughALocal() {
            ReentrantLock lock = GIL;
            lock.lock();
            lock.unlock();
        }

        static ReentrantLock gil() {
            return GIL;
        }

        void throughACall() {
            gil().lock();
            gil().unlock();
        }
    }

    @Test
    void theFieldsLockNumberGoesToTheHooksWhereTheFieldWasReadLast() throws Exception {
        List<LockRule> locks = RulesParser.parse("r", "lock other = static a.B.OTHER\nlock gil = static "
                + Subject.class.getName() + ".GIL").locks();
        byte[] rewritten = rewrite(bytes(Subject.class), locks);
        // tryLock keeps its hook; javac writes the finally's unlock twice (return and throw)
        assertEquals(List.of("locking(Ljava/lang/Object;I)V", "acquired(Ljava/lang/Object;II)V",
                "tried(Ljava/lang/Object;ZI)Z", "released(Ljava/lang/Object;II)V", "released(Ljava/lang/Object;II)V"),
                hooks(rewritten, "throughTheField"));
        // read into a local, no call between: the hint holds for lock(), whose call ends it
        assertEquals(List.of("locking(Ljava/lang/Object;I)V", "acquired(Ljava/lang/Object;II)V",
                "released(Ljava/lang/Object;I)V"), hooks(rewritten, "throughALocal"));
        assertEquals(List.of("locking(Ljava/lang/Object;)V", "acquired(Ljava/lang/Object;I)V",
                "released(Ljava/lang/Object;I)V"), hooks(rewritten, "throughACall"));
    }

    static final class Blocks {
        static final Object MON = new Object();

        int listed(int x) {
            synchronized (MON) {
                return x + 1;
            }
        }

        int notListed(int x) {
            synchronized (this) {
                return x + 2;
            }
        }
    }

    /**
     * Given the methods to read (as the lock seam gives them for a class that names no lock class
     * or field: those whose code uses monitors), only those get hooks; the others pass as they are.
     */
    @Test
    void onlyTheMethodsToReadAreRewritten() throws Exception {
        List<LockRule> locks = RulesParser.parse("r", "lock mon = monitor a.B").locks();
        List<String> both = List.of("acquired(Ljava/lang/Object;I)V", "monitorExited(Ljava/lang/Object;I)V",
                "monitorExited(Ljava/lang/Object;I)V");
        byte[] all = rewrite(bytes(Blocks.class), locks);
        assertEquals(both, hooks(all, "listed"));
        assertEquals(both, hooks(all, "notListed"));
        byte[] one = rewrite(bytes(Blocks.class), locks, Set.of("listed(I)I"));
        assertEquals(both, hooks(one, "listed"));
        assertEquals(List.of(), hooks(one, "notListed"));
    }

    /** The lock number pushed before each hook that takes one: gil is the second rule, 1. */
    @Test
    void theNumberIsTheRulesNumberOfTheLock() throws Exception {
        List<LockRule> locks = RulesParser.parse("r", "lock other = static a.B.OTHER\nlock gil = static "
                + Subject.class.getName() + ".GIL").locks();
        byte[] rewritten = rewrite(bytes(Subject.class), locks);
        List<Integer> pushed = new ArrayList<>();
        new ClassReader(rewritten).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] ex) {
                return !name.equals("throughTheField") ? null : new MethodVisitor(Opcodes.ASM9) {
                    private int last = -1;

                    @Override
                    public void visitInsn(int opcode) {
                        last = opcode >= Opcodes.ICONST_0 && opcode <= Opcodes.ICONST_5 ? opcode - Opcodes.ICONST_0 : -1;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                        if (owner.equals(LockCalls.HOOKS) && descriptor.equals("(Ljava/lang/Object;I)V")
                                && name.equals("locking")) {
                            pushed.add(last);
                        }
                        last = -1;
                    }
                };
            }
        }, 0);
        assertEquals(List.of(1), pushed);
    }

    private static byte[] rewrite(byte[] bytes, List<LockRule> locks) {
        return rewrite(bytes, locks, null);
    }

    private static byte[] rewrite(byte[] bytes, List<LockRule> locks, Set<String> methods) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new LockCallRewriter(writer, locks, () -> { }, new LockCallRewriter.Fields() {
            @Override
            public void assigned(int lock, String where) {
            }

            @Override
            public void wrongKind(int lock) {
            }
        }, false, false, methods), 0);
        return writer.toByteArray();
    }

    /** The LockHooks calls of one method, in order, as NAME + descriptor. */
    private static List<String> hooks(byte[] bytes, String method) {
        List<String> calls = new ArrayList<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] ex) {
                return !name.equals(method) ? null : new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                        if (owner.equals(LockCalls.HOOKS)) {
                            calls.add(name + descriptor);
                        }
                    }
                };
            }
        }, 0);
        return calls;
    }

    private static byte[] bytes(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        }
    }
}
