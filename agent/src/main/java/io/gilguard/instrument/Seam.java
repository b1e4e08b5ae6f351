package io.gilguard.instrument;

import io.gilguard.instrument.advice.Advice;
import java.lang.instrument.Instrumentation;
import java.util.List;
import org.objectweb.asm.ClassVisitor;

/**
 * One kind of place gilguard instruments: native downcalls, upcalls, the two methods of a pair
 * lock, a token's save and restore, owned state, lock call sites. A seam reaches classes by two
 * routes, the same at start-up and at attach: advice on the methods a class declares (each
 * method a seam names, as its class file describes the class ({@link DeclaredType}), gets the
 * seam's {@link Advice}, woven in with ASM), and a rewrite of the class file (ASM, a seam's own
 * visitor). It is made for one {@link Phase} and says where it must act differently in each.
 * Adding a kind of boundary is adding a seam.
 */
public interface Seam {
    /** Whether it uses the advice route at all: its transformer is installed only when some seam does. */
    default boolean advising() {
        return false;
    }

    /**
     * Advice route: whether the class may declare a method {@link #advise}
     * acts on. Asked of every class, before any rewrite sees it at start-up: cheap.
     */
    default boolean advises(DeclaredType type) {
        return false;
    }

    /**
     * Advice route, at start-up and at attach: whether the class may be one {@link #advises} says
     * yes to, told from its header alone; a class no seam may advise is never described (that was
     * most of the cost of start-up for an application of many classes). Never false where {@code advises}
     * could be true, nor where {@code advises} notes something (coverage).
     */
    default boolean mayAdvise(ClassHeader header) {
        return true;
    }

    /** Advice route: adds to {@code advice} what this seam puts on one declared method. */
    default void advise(AdvisedMethod method, List<Advice> advice) {}

    /**
     * Rewrite route: whether {@link #rewrite} may change the class, told from its header alone;
     * when no seam may, ASM never reads the class, and {@link #rewrite} is asked only of the seams
     * that may. Never false where {@code rewrite} could change the class or note something of it
     * (coverage, the classes seen): a seam that rewrites says when it may, one that does not never
     * may.
     */
    default boolean mayRewrite(ClassHeader header) {
        return false;
    }

    /** Rewrite route: a visitor that rewrites the class on its way to {@code next}, or {@code next} itself. */
    default ClassVisitor rewrite(ClassVisitor next, ClassFile file) {
        return next;
    }

    /** At start-up: whether a class loaded before gilguard must be retransformed for this seam. */
    default boolean retransformAtStartUp(Class<?> loaded) {
        return false;
    }

    /**
     * At start-up, before the shared transformers are installed: a seam on the JDK's own classes,
     * which those ignore, installs its own transformer here (see {@code ForeignAdvising}).
     */
    default void startingUp(Instrumentation instrumentation) {}

    /** At attach, before any loaded class is retransformed: what must be read from the running JVM. */
    default void attaching(Instrumentation instrumentation) {}

    /** At attach, once the classes are retransformed: where its rules are active, from the running bytecode. */
    default void check(SelfCheck check) {}

    /** At detach, once no transformer of it is left: what it gave the runtime is taken back. */
    default void detached() {}
}
