package io.gilguard.instrument.seam;

import io.gilguard.instrument.ClassFiles;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.PerLoader;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * JNA direct mapping: a class whose {@code native} methods JNA binds to C functions of the same
 * name ({@code Native.register}, most often in its static initializer). Such a method's C symbol is
 * its own name, not a JNI {@code Java_…} one, so a {@code native:} rule names it by that. Told by
 * the class file alone: some method of the class calls {@code com.sun.jna.Native.register}. A class
 * registered from another class's code is not recognised (see the README's Limits).
 */
final class DirectMapped {
    private static final String NATIVE = "com/sun/jna/Native";
    private static final String REGISTER = "register";

    /** Per loader, per class name, whether it is direct-mapped: each class file is read once. */
    private final PerLoader<Boolean> known = new PerLoader<>();

    /**
     * Whether the class {@code className} (with dots) of {@code loader} calls {@code Native.register}.
     * {@code header}: its class file's, when at hand (the one being transformed), else null and the
     * loader is asked for the file. Such a class names JNA's {@code Native} in its constant pool, so
     * most are answered by one walk of it, with no read through the loader and no ASM.
     */
    boolean is(ClassLoader loader, String className, ClassHeader header) {
        if (loader == null) {
            return false;
        }
        Map<String, Boolean> classes = known.of(loader);
        Boolean answer = classes.get(className);
        if (answer == null) {
            // not computed inside the map: reading the class file may load classes, and come back here
            answer = header != null ? header.mentions(NATIVE) && registers(header.bytes())
                    : registers(ClassFiles.read(loader, className));
            classes.put(className, answer);
        }
        return answer;
    }

    private static boolean registers(byte[] bytes) {
        if (bytes == null) {
            return false;
        }
        boolean[] found = {false};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return found[0] ? null : new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                        if (opcode == Opcodes.INVOKESTATIC && owner.equals(NATIVE) && method.equals(REGISTER)) {
                            found[0] = true;
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found[0];
    }
}
