package io.gilguard.instrument.seam;

import io.gilguard.instrument.AdvisedMethod;
import io.gilguard.instrument.ClassHeader;
import io.gilguard.instrument.DeclaredMethod;
import io.gilguard.instrument.DeclaredType;
import io.gilguard.instrument.Phase;
import io.gilguard.instrument.Seam;
import io.gilguard.instrument.SelfCheck;
import io.gilguard.instrument.advice.Advice;
import io.gilguard.instrument.advice.Advices;
import io.gilguard.plan.Coverage;
import io.gilguard.plan.Plan;
import io.gilguard.rules.LockRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Opcodes;

/**
 * The {@code synchronized} instance methods of a monitor family's classes ({@code lock NAME =
 * monitor CLASS}): the JVM enters the object's monitor around the call, where no
 * {@code monitorenter} shows it, so advice tells the ledger. A {@code synchronized native} method
 * is wrapped at start-up like any advised native method; at attach it cannot be, and the
 * self-check says which ones are not followed. Its advice is the last applied: outermost, so the
 * policies of a boundary on the same method see the monitor held, as the JVM has it.
 */
final class SynchronizedMethods implements Seam {
    private final List<LockRule> locks;
    private final Coverage coverage;
    private final Phase phase;
    /** At attach, per family, the synchronized native methods of its loaded classes: not followed. */
    private final Map<Integer, Set<String>> unfollowed = new ConcurrentHashMap<>();

    SynchronizedMethods(Plan plan, Phase phase) {
        this.locks = plan.rules().locks();
        this.coverage = plan.coverage();
        this.phase = phase;
    }

    @Override
    public boolean advising() {
        return true;
    }

    /**
     * A class with a synchronized instance method, unless it is plainly no family's (its only
     * supertype {@code Object}, itself no family's class); a family's own class is asked
     * whatever it declares: its loading is noted (coverage).
     */
    @Override
    public boolean mayAdvise(ClassHeader header) {
        for (LockRule lock : locks) {
            if (lock.shape() == LockRule.Shape.MONITOR && lock.owner().equals(header.name())) {
                return true;
            }
        }
        return header.declaresMethodWith(Opcodes.ACC_SYNCHRONIZED, Opcodes.ACC_STATIC) && !header.extendsObjectOnly();
    }

    @Override
    public boolean advises(DeclaredType type) {
        for (int id = 0; id < locks.size(); id++) {
            if (locks.get(id).shape() == LockRule.Shape.MONITOR && locks.get(id).owner().equals(type.name())) {
                coverage.familyClassLoaded(id);
            }
        }
        int family = -1;
        boolean advised = false;
        for (DeclaredMethod m : type.methods()) {
            if (m.isSynchronized() && !m.isStatic()) {
                family = family >= 0 ? family : family(type.typeNames());
                if (family < 0) {
                    return false;
                }
                if (!m.isNative() || phase == Phase.STARTUP) {
                    advised = true;
                } else {
                    unfollowed.computeIfAbsent(family, f -> ConcurrentHashMap.newKeySet())
                            .add(type.name() + "." + m.name());
                }
            }
        }
        return advised;
    }

    @Override
    public void advise(AdvisedMethod method, List<Advice> advice) {
        DeclaredMethod m = method.method();
        int family = m.isSynchronized() && !m.isStatic() ? family(method.typeNames()) : -1;
        if (family >= 0) {
            coverage.familyClassLoaded(family);
            advice.add(Advices.monitor(family, method.site()));
        }
    }

    /**
     * The monitor family of the nearest of {@code names} (a class and its supertypes, nearest
     * first) that one names, or -1: the same answer the runtime gives for the class.
     */
    private int family(List<String> names) {
        for (String name : names) {
            for (int id = 0; id < locks.size(); id++) {
                LockRule lock = locks.get(id);
                if (lock.shape() == LockRule.Shape.MONITOR && lock.owner().equals(name)) {
                    return id;
                }
            }
        }
        return -1;
    }

    @Override
    public void check(SelfCheck check) {
        for (Map.Entry<Integer, Set<String>> e : unfollowed.entrySet()) {
            List<String> methods = new ArrayList<>(new TreeSet<>(e.getValue()));
            check.add(null, "lock '" + locks.get(e.getKey()).name() + "': synchronized native methods are not followed"
                    + " after an attach (the JVM enters their monitor where an attach cannot add code; their"
                    + " synchronized callers and blocks are): " + String.join(", ", methods));
        }
    }
}
