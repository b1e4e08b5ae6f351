package io.gilguard.instrument.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;

/** Java names of the parameter types in a method descriptor, as rules write them. */
public final class TypeNames {
    private TypeNames() {}

    public static List<String> parameters(String descriptor) {
        List<String> names = new ArrayList<>();
        for (Type t : Type.getArgumentTypes(descriptor)) {
            names.add(t.getClassName());
        }
        return names;
    }
}
