package io.gilguard.instrument.seam;

import io.gilguard.instrument.ClassFile;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.Phase;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.SelfCheck;
import io.gilguard.instrument.rewrite.LockCallRewriter;
import io.gilguard.instrument.rewrite.LockCalls;
import io.gilguard.plan.Coverage;
import io.gilguard.plan.Plan;
import java.lang.instrument.Instrumentation;
import java.util.List;
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
    private List<String> loaded = List.of();

    LockCallSites(Plan plan, Phase phase) {
        this.plan = plan;
        this.phase = phase;
    }

    @Override
    public boolean mayRewrite(ClassHeader header) {
        return LockCalls.mayChange(header, plan.rules().locks());
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
        }, phase == Phase.ATTACH, plan.locksEnforced());
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
