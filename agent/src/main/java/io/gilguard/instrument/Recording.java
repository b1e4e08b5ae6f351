package io.gilguard.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;

/** Notes in {@link Changes} every class the transformer it wraps rewrote, for detach to restore. */
final class Recording implements ClassFileTransformer {
    private final ClassFileTransformer delegate;
    private final Changes changes;

    Recording(ClassFileTransformer delegate, Changes changes) {
        this.delegate = delegate;
        this.changes = changes;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
        byte[] out = delegate.transform(module, loader, className, redefined, domain, bytes);
        if (out != null && className != null) {
            changes.changed(className.replace('/', '.'));
        }
        return out;
    }
}
