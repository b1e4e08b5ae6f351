package io.gilguard.instrument.seam;

import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.DeclaredMethod;
import io.gilguard.instrument.DeclaredType;
import io.gilguard.instrument.rewrite.TypeNames;
import io.gilguard.rules.MethodPattern;
import java.util.function.Predicate;

/** Whether a rule's method pattern names a method: a declared one (advice) or a called one (a call site). */
final class Patterns {
    private Patterns() {}

    /** The number of the rule whose first ({@code first}) or second method of a pair {@code m} is, or -1. */
    @FunctionalInterface
    interface PairMethods {
        int numberOf(DeclaredType type, DeclaredMethod m, boolean first);
    }

    /** Whether {@code type} declares the first or the second method of some pair. */
    static boolean declaresEither(DeclaredType type, PairMethods pairs) {
        for (DeclaredMethod m : type.methods()) {
            if (pairs.numberOf(type, m, true) >= 0 || pairs.numberOf(type, m, false) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** A method {@code type} declares; never a constructor or an initializer. */
    static boolean declares(MethodPattern p, DeclaredType type, DeclaredMethod m) {
        return p != null && !m.isInitializer() && p.matchesType(type.name()) && p.matchesMethod(m.name(), m.parameters());
    }

    /** Whether the class may declare a method {@code p} names: by the class's name and its methods' names. */
    static boolean mayDeclare(MethodPattern p, ClassHeader header) {
        return p != null && p.matchesType(header.name()) && header.declaresMethod(new Predicate<>() { // not a lambda (NoLambdaTest)
            @Override
            public boolean test(String name) {
                return p.method().matches(name);
            }
        });
    }

    /**
     * Whether the class may call a method {@code p} names: its constant pool holds the method's
     * name, or one that starts as a rule's {@code name*} does (any other pattern: always). The
     * same holds for a lambda the class makes: the name of its {@code invokedynamic} is the
     * interface method's.
     */
    static boolean mayCall(MethodPattern p, ClassHeader header) {
        if (p == null) {
            return false;
        }
        String name = p.method().toString();
        int star = name.indexOf('*');
        return star < 0 ? header.mentions(name)
                : star != name.length() - 1 || header.mentionsPrefix(name.substring(0, star));
    }

    /** The method a call instruction names ({@code owner} with slashes). */
    static boolean calls(MethodPattern p, String owner, String name, String descriptor) {
        return p != null && p.method().matches(name) && p.matchesType(owner.replace('/', '.'))
                && p.matchesMethod(name, TypeNames.parameters(descriptor));
    }
}
