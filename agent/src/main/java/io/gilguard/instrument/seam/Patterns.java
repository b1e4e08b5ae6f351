package io.gilguard.instrument.seam;

import io.gilguard.instrument.AdvisedMethod;
import io.gilguard.instrument.rewrite.TypeNames;
import io.gilguard.rules.MethodPattern;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/** Whether a rule's method pattern names a method: a declared one (advice) or a called one (a call site). */
final class Patterns {
    private Patterns() {}

    /** A method {@code type} declares; never a constructor or an initializer. */
    static boolean declares(MethodPattern p, TypeDescription type, MethodDescription m) {
        return p != null && !m.isConstructor() && !m.isTypeInitializer() && p.matchesType(type.getName())
                && p.matchesMethod(m.getName(), AdvisedMethod.parameters(m));
    }

    /** The method a call instruction names ({@code owner} with slashes). */
    static boolean calls(MethodPattern p, String owner, String name, String descriptor) {
        return p != null && p.method().matches(name) && p.matchesType(owner.replace('/', '.'))
                && p.matchesMethod(name, TypeNames.parameters(descriptor));
    }
}
