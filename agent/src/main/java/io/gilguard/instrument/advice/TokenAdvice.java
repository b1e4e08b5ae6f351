package io.gilguard.instrument.advice;

import io.gilguard.instrument.rewrite.Bytecode;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * In the save and restore methods of a {@code token} rule (or around them, for {@code native}
 * ones). The call's site is the Java call site when there is one (the rewritten call site leaves
 * it), else the method itself. A token is a reference or an integral number, passed on as a
 * {@code long}: a number is never boxed.
 */
final class TokenAdvice {
    private TokenAdvice() {}

    /**
     * <pre>
     *   int site = CallSites.take(OWN);
     *   BODY, and before each return: Tokens.saved(returned, RULE, site);   (nothing when it throws)
     * </pre>
     */
    static final class Save extends SiteKeeping {
        private final int rule;

        Save(int rule, int own) {
            super(own);
            this.rule = rule;
        }

        @Override
        public void exit(MethodVisitor code, MethodShape method, int[] at) {
            Type token = method.returned();
            code.visitInsn(token.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
            String passed = widen(code, token);
            Bytecode.pushInt(code, rule);
            code.visitVarInsn(Opcodes.ILOAD, at[0]);
            MethodShape.call(code, "Tokens", "saved", "(" + passed + "II)V");
        }
    }

    /**
     * Checked before the method runs; under {@code enforce} a refused restore is thrown there:
     * <pre>
     *   Enforce.refuse(Tokens.restoring(argument 0, RULE, CallSites.take(OWN), OWN));
     *   BODY
     * </pre>
     */
    static final class Restore implements Advice {
        private final int rule;
        private final int own;

        Restore(int rule, int own) {
            this.rule = rule;
            this.own = own;
        }

        @Override
        public void enter(MethodVisitor code, MethodShape method, int[] at) {
            Type token = method.argument(0);
            code.visitVarInsn(token.getOpcode(Opcodes.ILOAD), method.slot(0));
            String passed = widen(code, token);
            Bytecode.pushInt(code, rule);
            MethodShape.callSite(code, own);
            Bytecode.pushInt(code, own);
            MethodShape.call(code, "Tokens", "restoring", "(" + passed + "III)Lio/gilguard/runtime/GilguardError;");
            MethodShape.call(code, "Enforce", "refuse", "(Ljava/lang/Object;)V");
        }
    }

    /** With a token on the stack: made the type {@code Tokens} takes it as, whose descriptor is returned. */
    private static String widen(MethodVisitor code, Type token) {
        switch (token.getSort()) {
            case Type.OBJECT:
            case Type.ARRAY:
                return "Ljava/lang/Object;";
            case Type.LONG:
                return "J";
            default: // int, short, char, byte (Advices lets no other through)
                code.visitInsn(Opcodes.I2L);
                return "J";
        }
    }
}
