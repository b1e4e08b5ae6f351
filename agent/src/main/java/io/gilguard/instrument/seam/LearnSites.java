package io.gilguard.instrument.seam;

import io.gilguard.instrument.ClassFile;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.rewrite.LearnedLockHooks;
import io.gilguard.instrument.rewrite.NativeMethods;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Learn mode's lock sites: every lock the application's classes take and let go, by the form a
 * rules file would name it, and its {@code synchronized native} methods. The boundaries
 * themselves are the other seams' (the rules learn mode adds: {@code downcall *#* audit},
 * {@code downcall native:* audit}); the upcalls are the native hooks'.
 */
final class LearnSites implements Seam {
    private final NativeMethods natives = new NativeMethods();

    /** Every class: learning reads every lock site. */
    @Override
    public boolean mayRewrite(ClassHeader header) {
        return true;
    }

    @Override
    public ClassVisitor rewrite(ClassVisitor next, ClassFile file) {
        return new LearnedLockHooks(next, file.onChange(),
                ClassHeader.of(file.bytes()).declaresMethodWith(Opcodes.ACC_NATIVE, 0), file.framesExpanded(), file.loader(),
                natives);
    }
}
