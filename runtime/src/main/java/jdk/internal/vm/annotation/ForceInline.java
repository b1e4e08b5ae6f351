package jdk.internal.vm.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * java.base's own {@code @ForceInline}, for the compiler only: {@code --release 17} shows none of
 * the packages java.base does not export. The jar leaves this class out (runtime/pom.xml); the
 * JVM reads the annotation by its name from a class the boot loader defines, as it defines the
 * runtime's, and inlines the method wherever it is called, whatever its size. Elsewhere (the
 * runtime's own unit tests) the JVM ignores it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface ForceInline {
}
