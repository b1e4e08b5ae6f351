package io.gilguard.instrument;

import io.gilguard.runtime.Sites;
import java.util.List;

/** One method a seam may put advice on, with what rules match it by. */
public final class AdvisedMethod {
    private final DeclaredType type;
    private final DeclaredMethod method;
    private final String file;
    private final int line;

    /** {@code file} and {@code line} (the method's first, -1 if none) name its site. */
    public AdvisedMethod(DeclaredType type, DeclaredMethod method, String file, int line) {
        this.type = type;
        this.method = method;
        this.file = file;
        this.line = line;
    }

    public DeclaredType type() {
        return type;
    }

    public DeclaredMethod method() {
        return method;
    }

    public ClassLoader loader() {
        return type.loader();
    }

    public String name() {
        return method.name();
    }

    public List<String> parameters() {
        return method.parameters();
    }

    /** The declaring class and every class and interface above it, by name: an upcall rule names any of them. */
    public List<String> typeNames() {
        return type.typeNames();
    }

    /** The method's own site: where a report names it when no Java caller does. */
    public int site() {
        return Sites.register(type.name(), method.name(), file, method.isNative() ? -1 : line);
    }

    /** A method that can be an upcall: one with code of its own. */
    public boolean hasCode() {
        return method.hasCode();
    }
}
