package io.gilguard.instrument.advice;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The numbers fixed at instrumentation time that the advice carries as constants: each
 * annotation marks an advice parameter that {@link Advices} binds to one of them.
 */
final class Bind {
    private Bind() {}

    /** A boundary's number (see {@code Plan.boundary}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Boundary {}

    /** A lock's number. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Lock {}

    /** A token rule's number. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Token {}

    /** The advised method's own site number. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface Site {}
}
