package io.gilguard.instrument;

import io.gilguard.runtime.Sites;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/** One method a seam may put advice on, with what rules match it by. */
public final class AdvisedMethod {
    private final TypeDescription type;
    private final MethodDescription.InDefinedShape method;
    private final String file;
    private final int line;
    private final ClassLoader loader;
    private List<String> typeNames;

    /** {@code file} and {@code line} (the method's first, -1 if none) name its site. */
    public AdvisedMethod(TypeDescription type, MethodDescription.InDefinedShape method, String file, int line,
                         ClassLoader loader) {
        this.type = type;
        this.method = method;
        this.file = file;
        this.line = line;
        this.loader = loader;
    }

    public TypeDescription type() {
        return type;
    }

    public MethodDescription.InDefinedShape method() {
        return method;
    }

    public ClassLoader loader() {
        return loader;
    }

    public String name() {
        return method.getName();
    }

    public List<String> parameters() {
        return parameters(method);
    }

    /** The declaring class and every class and interface above it, by name: an upcall rule names any of them. */
    public List<String> typeNames() {
        if (typeNames == null) {
            typeNames = typeNames(type);
        }
        return typeNames;
    }

    /** The method's own site: where a report names it when no Java caller does. */
    public int site() {
        return Sites.register(type.getName(), method.getInternalName(), file, method.isNative() ? -1 : line);
    }

    /** A method that can be an upcall: one with code of its own. */
    public boolean hasCode() {
        return !method.isNative() && !method.isAbstract() && !method.isConstructor() && !method.isTypeInitializer()
                && !method.isBridge();
    }

    /** Java names of the parameter types, as rules write them. */
    public static List<String> parameters(MethodDescription m) {
        List<String> names = new ArrayList<>();
        for (TypeDescription t : m.getParameters().asTypeList().asErasures()) {
            names.add(t.getActualName());
        }
        return names;
    }

    public static List<String> typeNames(TypeDescription type) {
        Set<String> names = new LinkedHashSet<>();
        Deque<TypeDefinition> todo = new ArrayDeque<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            TypeDefinition t = todo.poll();
            if (!names.add(t.asErasure().getName())) {
                continue;
            }
            try {
                if (t.getSuperClass() != null) {
                    todo.add(t.getSuperClass());
                }
                todo.addAll(t.getInterfaces());
            } catch (RuntimeException unresolvable) {
                // A supertype that cannot be found cannot be named by a rule either.
            }
        }
        return new ArrayList<>(names);
    }
}
