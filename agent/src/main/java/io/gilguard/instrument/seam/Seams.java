package io.gilguard.instrument.seam;

import io.gilguard.instrument.Phase;
import io.gilguard.instrument.Seam;
import io.gilguard.plan.Plan;
import io.gilguard.rules.BoundaryRule;
import io.gilguard.rules.Direction;
import io.gilguard.rules.LockRule;
import io.gilguard.rules.RuleSet;
import io.gilguard.runtime.Learning;
import java.util.ArrayList;
import java.util.List;

/**
 * Every kind of seam gilguard knows, each with when the rules give it work: the one list a new
 * kind is added to. A seam with nothing to do is never made, so that its class (and what its
 * class links to, such as ASM's visitors) is not loaded at start-up.
 */
public final class Seams {
    private Seams() {}

    /** The seams the plan gives work to, in the order their rewrites read a class and their advice is applied. */
    public static List<Seam> of(Plan plan, Phase phase) {
        RuleSet rules = plan.rules();
        List<Seam> seams = new ArrayList<>();
        if (Learning.on()) {
            seams.add(new LearnSites()); // first: it reads the lock sites as the application wrote them
        }
        if (hasLock(rules, LockRule.Shape.STATIC) || hasLock(rules, LockRule.Shape.FIELD) || hasLock(rules, LockRule.Shape.MONITOR)) {
            seams.add(new LockCallSites(plan, phase));
        }
        if (hasLock(rules, LockRule.Shape.PAIR)) {
            seams.add(new MethodPairs(plan));
        }
        if (!rules.tokens().isEmpty()) {
            seams.add(new TokenMethods(plan));
        }
        if (!rules.states().isEmpty()) {
            seams.add(new OwnedStates(plan));
        }
        if (rules.has(Direction.DOWNCALL)) {
            seams.add(new NativeDowncalls(plan, phase));
        }
        if (Runtime.version().feature() >= ForeignDowncallHandles.FFM && rules.hasSymbols()) {
            seams.add(new ForeignDowncallHandles(plan));
        }
        // JNA's functions by C name; at start-up also the natives JNA binds without the prefix
        if (rules.hasSymbols() || phase == Phase.STARTUP && rules.has(Direction.DOWNCALL)) {
            seams.add(new JnaCalls(plan, phase));
        }
        if (hasMethodDowncall(rules)) {
            seams.add(new JnaInterfaces(plan)); // a CLASS#METHOD rule may name a JNA Library interface
        }
        if (rules.has(Direction.UPCALL)) {
            seams.add(new Upcalls(plan, phase));
        }
        if (hasLock(rules, LockRule.Shape.MONITOR)) {
            seams.add(new SynchronizedMethods(plan, phase));
        }
        return List.copyOf(seams);
    }

    private static boolean hasLock(RuleSet rules, LockRule.Shape shape) {
        for (LockRule lock : rules.locks()) {
            if (lock.shape() == shape) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasMethodDowncall(RuleSet rules) {
        for (BoundaryRule rule : rules.boundaries()) {
            if (rule.direction() == Direction.DOWNCALL && rule.pattern() != null) {
                return true;
            }
        }
        return false;
    }
}
