package io.gilguard.instrument.seam;

import java.util.List;

/**
 * The C symbols the JVM looks up for a JNI {@code native} method (JNI specification, "Resolving
 * Native Method Names"): the short name {@code Java_<class>_<method>} and the long name, which
 * adds {@code __<argument types>} for overloaded methods. A {@code native:} rule names either.
 */
final class JniSymbols {
    private JniSymbols() {}

    /** {@code className} with dots, {@code descriptor} the method's. */
    static List<String> of(String className, String method, String descriptor) {
        String shortName = "Java_" + mangle(className.replace('.', '/')) + "_" + mangle(method);
        String arguments = descriptor.substring(1, descriptor.indexOf(')'));
        return List.of(shortName, shortName + "__" + mangle(arguments));
    }

    /**
     * Whether a {@code native:} glob may match a JNI symbol of a method so named: it may name JNI
     * ({@code Java_…} or a leading {@code *}) and, without {@code *}, ends with the method's part.
     */
    static boolean mayNameMethod(String glob, String method) {
        String literal = glob.contains("*") ? glob.substring(0, glob.indexOf('*')) : glob;
        if (!literal.startsWith("Java_") && !"Java_".startsWith(literal)) {
            return false;
        }
        String part = "_" + mangle(method);
        return glob.contains("*") || glob.endsWith(part) || glob.contains(part + "__");
    }

    /** Whether a {@code native:} glob names JNI symbols only ({@code Java_…}): no FFM or JNA call has such a name. */
    static boolean onlyJni(String glob) {
        String literal = glob.contains("*") ? glob.substring(0, glob.indexOf('*')) : glob;
        return literal.startsWith("Java_");
    }

    /** Whether a {@code native:} glob may match a JNI symbol of {@code className} (with dots). */
    static boolean mayName(String glob, String className) {
        String literal = glob.contains("*") ? glob.substring(0, glob.indexOf('*')) : glob;
        String prefix = "Java_" + mangle(className.replace('.', '/')) + "_";
        return literal.startsWith(prefix) || prefix.startsWith(literal);
    }

    /** JNI's escapes: {@code /} becomes {@code _}, {@code _} {@code _1}, {@code ;} {@code _2}, {@code [} {@code _3}, others {@code _0xxxx}. */
    private static String mangle(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/') {
                b.append('_');
            } else if (c == '_') {
                b.append("_1");
            } else if (c == ';') {
                b.append("_2");
            } else if (c == '[') {
                b.append("_3");
            } else if (c < 128 && Character.isLetterOrDigit(c)) {
                b.append(c);
            } else {
                b.append(String.format("_0%04x", (int) c));
            }
        }
        return b.toString();
    }
}
