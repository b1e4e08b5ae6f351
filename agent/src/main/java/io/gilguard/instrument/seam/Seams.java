package io.gilguard.instrument.seam;

import io.gilguard.instrument.Phase;
import io.gilguard.instrument.Seam;
import io.gilguard.plan.Plan;
import java.util.ArrayList;
import java.util.List;

/** Every kind of seam gilguard knows: the one list a new kind is added to. */
public final class Seams {
    private Seams() {}

    /** The seams the plan gives work to, in the order their rewrites read a class and their advice is applied. */
    public static List<Seam> of(Plan plan, Phase phase) {
        List<Seam> active = new ArrayList<>();
        for (Seam seam : List.of(
                new LearnSites(), // first: it reads the lock sites as the application wrote them
                new LockCallSites(plan, phase),
                new MethodPairs(plan),
                new TokenMethods(plan),
                new OwnedStates(plan),
                new NativeDowncalls(plan, phase),
                new ForeignDowncallHandles(plan),
                new JnaCalls(plan, phase),
                new JnaInterfaces(plan),
                new Upcalls(plan, phase),
                new SynchronizedMethods(plan, phase))) {
            if (seam.active()) {
                active.add(seam);
            }
        }
        return List.copyOf(active);
    }
}
