package io.gilguard.instrument;

import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;

/**
 * One class on its way through the rewrites, as it loads or is retransformed: its bytes, its
 * loader, the class itself when it is already loaded, and what the rewrites did to it.
 */
public final class ClassFile {
    private final String name;
    private final byte[] bytes;
    private final ClassHeader header;
    private final ClassReader reader;
    private final ClassLoader loader;
    private final Class<?> redefined;
    private final Phase phase;
    private final Consumer<String> errors;
    private boolean changed;
    private boolean expandFrames;
    // The rewriters' callbacks: classes, not method references (NoLambdaTest).
    private final Runnable onChange = new Runnable() {
        @Override
        public void run() {
            changed();
        }
    };
    private final Consumer<String> onError = new Consumer<>() {
        @Override
        public void accept(String line) {
            error(line);
        }
    };

    /** {@code header}: read from {@code bytes}, or null where gilguard's reader could not. */
    public ClassFile(String internalName, byte[] bytes, ClassHeader header, ClassLoader loader, Class<?> redefined,
                     Phase phase, Consumer<String> errors) {
        this.name = internalName.replace('/', '.');
        this.bytes = bytes;
        this.header = header;
        this.reader = new ClassReader(bytes);
        this.loader = loader;
        this.redefined = redefined;
        this.phase = phase;
        this.errors = errors;
    }

    /** The class's name with dots, as rules write it. */
    public String name() {
        return name;
    }

    public byte[] bytes() {
        return bytes;
    }

    /** Its header ({@link ClassHeader}); null where gilguard's reader could not read the bytes. */
    public ClassHeader header() {
        return header;
    }

    /** For a rewrite that reads the class once before it is rewritten. */
    public ClassReader reader() {
        return reader;
    }

    public ClassLoader loader() {
        return loader;
    }

    /** The class when it is loaded already (retransformation), else null. */
    public Class<?> redefined() {
        return redefined;
    }

    public Phase phase() {
        return phase;
    }

    /** A rewrite could not do part of its work in this class: one line, said and kept. */
    public void error(String line) {
        errors.accept(line);
    }

    /** A rewrite changed the class: the rewritten bytes are kept. */
    public void changed() {
        changed = true;
    }

    /** {@link #changed}, for a rewriter to call. */
    public Runnable onChange() {
        return onChange;
    }

    /** {@link #error}, for a rewriter to call. */
    public Consumer<String> onError() {
        return onError;
    }

    public boolean isChanged() {
        return changed;
    }

    /** A rewrite tracks stack map frames itself: the class is read with its frames expanded. */
    public void expandFrames() {
        expandFrames = true;
    }

    public boolean framesExpanded() {
        return expandFrames;
    }
}
