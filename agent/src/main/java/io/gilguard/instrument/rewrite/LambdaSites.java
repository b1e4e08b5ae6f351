package io.gilguard.instrument.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The lambdas and method references a class makes: each {@code invokedynamic} bootstrapped by
 * {@code LambdaMetafactory}, with the interface it produces, the interface method it implements
 * and the method that implements it. Read, never rewritten: the objects are made at run time by
 * the JDK, in hidden classes no transformer sees, so a lambda is reached through its body.
 */
public final class LambdaSites {
    public static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final byte[] MARK = METAFACTORY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    /** {@code LambdaMetafactory.FLAG_SERIALIZABLE}. */
    private static final int SERIALIZABLE = 1;

    /** One lambda or method reference: where it is made, what it implements, and by which method. */
    public record Site(String method, int line, String iface, String samName, String samDescriptor, Handle impl,
                       boolean serializable) {
        /** A lambda's body is a synthetic method of the class that makes it; anything else is a method reference. */
        public boolean isLambda(String owner) {
            return impl.getOwner().equals(owner) && impl.getName().startsWith("lambda$");
        }

        /** The interface with dots. */
        public String interfaceName() {
            return iface.replace('/', '.');
        }
    }

    private LambdaSites() {}

    /** The lambdas and method references of the class. */
    public static List<Site> of(byte[] classFile) {
        List<Site> sites = new ArrayList<>();
        if (!mentionsMetafactory(classFile)) {
            return sites;
        }
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    private int line = -1;

                    @Override
                    public void visitLineNumber(int lineNumber, Label start) {
                        line = lineNumber;
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String sam, String indy, Handle bootstrap, Object... args) {
                        if (!bootstrap.getOwner().equals(METAFACTORY) || args.length < 3
                                || !(args[0] instanceof Type) || !(args[1] instanceof Handle)) {
                            return;
                        }
                        boolean serializable = bootstrap.getName().equals("altMetafactory") && args.length > 3
                                && args[3] instanceof Integer && ((Integer) args[3] & SERIALIZABLE) != 0;
                        sites.add(new Site(name, line, Type.getReturnType(indy).getInternalName(), sam,
                                ((Type) args[0]).getDescriptor(), (Handle) args[1], serializable));
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
        return sites;
    }

    /** A cheap first look: a class that makes no lambda has no reference to the metafactory in its constant pool. */
    private static boolean mentionsMetafactory(byte[] bytes) {
        outer:
        for (int i = 0; i + MARK.length <= bytes.length; i++) {
            for (int j = 0; j < MARK.length; j++) {
                if (bytes[i + j] != MARK[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
