package io.gilguard.instrument.advice;

import org.objectweb.asm.MethodVisitor;

/**
 * What a seam puts on one method: straight-line calls of the runtime, with its numbers fixed at
 * instrumentation time, at the method's entry and before its returns (and, for some, when it
 * throws). {@link AdviceWeaver} places the code, keeps the locals and the stack map frames, and
 * puts several advice on one method one inside the other. The code branches nowhere: a refused
 * call (under {@code enforce}) is thrown by the runtime ({@code Enforce.refuse}), so that the
 * weaver writes every frame without resolving a class. The runtime's methods called never throw
 * otherwise (each catches and counts its own errors).
 */
public interface Advice {
    /** No local kept. */
    Object[] NONE = {};

    /**
     * The stack map types of the locals its entry keeps for its exit, one slot each: a class's
     * internal name or {@code Opcodes.INTEGER}.
     */
    default Object[] locals() {
        return NONE;
    }

    /** Code at the method's entry; its {@link #locals} are at {@code at}. It may throw there on purpose only. */
    void enter(MethodVisitor code, MethodShape method, int[] at);

    /** Code before each return, the value returned (if any) on top of the stack and left there. */
    default void exit(MethodVisitor code, MethodShape method, int[] at) {}

    /** Whether {@link #exitThrown} runs when the method throws (the throwable on the stack then, under its code). */
    default boolean exitsOnThrow() {
        return false;
    }

    /** Code in the handler when the method throws, if {@link #exitsOnThrow}: {@link #exit}'s, unless it says otherwise. */
    default void exitThrown(MethodVisitor code, MethodShape method, int[] at) {
        exit(code, method, at);
    }
}
