package io.gilguard.instrument.seam;

import io.gilguard.instrument.ClassFile;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.Phase;
import io.gilguard.instrument.PoolNames;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.SelfCheck;
import io.gilguard.instrument.rewrite.LockCallRewriter;
import io.gilguard.instrument.rewrite.LockCalls;
import io.gilguard.plan.Coverage;
import io.gilguard.plan.Plan;
import java.lang.instrument.Instrumentation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassVisitor;

/**
 * The static locks ({@code lock NAME = static CLASS.FIELD}) and the lock families
 * ({@code monitor CLASS}, {@code field CLASS.FIELD}): every call of a lock method and every
 * {@code synchronized} block in the application's classes, and the assignment of the named
 * field, which tells the runtime the lock's object (a family's member). At attach, static fields
 * assigned long ago are read once, and a family field's reads make members of objects made
 * before. (A family's {@code synchronized} methods: {@link SynchronizedMethods}.)
 */
final class LockCallSites implements Seam {
    private final Plan plan;
    private final Phase phase;
    /** What a class that may be rewritten mentions: asked of every class that loads. */
    private final PoolNames names;
    private List<String> loaded = List.of();

    LockCallSites(Plan plan, Phase phase) {
        this.plan = plan;
        this.phase = phase;
        this.names = LockCalls.names(plan.rules().locks());
    }

    @Override
    public boolean mayRewrite(ClassHeader header) {
        return LockCalls.mayChange(header, names);
    }

    @Override
    public ClassVisitor rewrite(ClassVisitor next, ClassFile file) {
        Coverage coverage = plan.coverage();
        return new LockCallRewriter(next, plan.rules().locks(), file.onChange(), new LockCallRewriter.Fields() {
            @Override
            public void assigned(int lock, String where) {
                coverage.lockAssigned(lock, where);
            }

            @Override
            public void wrongKind(int lock) {
                coverage.wrongKind(lock);
            }
        }, phase == Phase.ATTACH, plan.locksEnforced(), methodsToRead(file.header()));
    }

    /**
     * The methods the rewrite must read, by name and descriptor; null for all. A class that names
     * no lock class and no lock's field is rewritten for its {@code synchronized} blocks alone:
     * only the methods whose code enters or exits a monitor, the others copied as they are.
     */
    private Set<String> methodsToRead(ClassHeader header) {
        if (header == null || header.mentionsAny(names)) {
            return null;
        }
        Set<String> methods = new HashSet<>();
        for (int i = 0; i < header.methodCount(); i++) {
            if (header.methodUsesMonitors(i)) {
                methods.add(header.methodName(i) + header.methodDescriptor(i));
            }
        }
        return methods;
    }

    @Override
    public void attaching(Instrumentation instrumentation) {
        loaded = LoadedLocks.bind(instrumentation, plan.rules());
    }

    @Override
    public void check(SelfCheck check) {
        for (String line : loaded) {
            check.add(null, line);
        }
    }
}
